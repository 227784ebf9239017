import type { Queryable } from '@marquee/postgres';
import type { EpisodeInput, Season, SeasonInput } from '../movie/movie';
import type { SeasonStore } from './seasons.store';

// The columns of an episode as jsonb_to_recordset reads the episodes given (one statement per
// season, however many episodes it has).
const EPISODE_RECORD = `e(episode_number int, name text, overview text, air_date date, runtime int, still_url text, vote_average float8, tmdb_id int)`;

/** A series' seasons and their episodes. */
export class SeasonsRepository implements SeasonStore {
  /**
   * Makes `seasons` the series' seasons: each matched by its number (so its id stays across
   * re-imports and edits), the ones not given removed with their episodes. A season whose
   * `episodes` (or `episode_count`) is undefined keeps the episodes (or count) it has. Numbers must be unique (the domain sees to it).
   */
  async replace(db: Queryable, seriesId: string, seasons: readonly SeasonInput[]): Promise<void> {
    await db.query('DELETE FROM series_seasons WHERE series_id = $1 AND NOT (season_number = ANY ($2::int[]))', [
      seriesId,
      seasons.map((s) => s.season_number),
    ]);
    for (const season of seasons) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO series_seasons (id, series_id, season_number, name, overview, air_date, episode_count, poster_url, vote_average, tmdb_id)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::date, coalesce($6::int, 0), $7, $8, $9)
         ON CONFLICT (series_id, season_number) DO UPDATE
         SET name = EXCLUDED.name, overview = EXCLUDED.overview, air_date = EXCLUDED.air_date,
             episode_count = CASE WHEN $6::int IS NULL THEN series_seasons.episode_count ELSE EXCLUDED.episode_count END,
             poster_url = EXCLUDED.poster_url, vote_average = EXCLUDED.vote_average, tmdb_id = EXCLUDED.tmdb_id
         RETURNING id`,
        [seriesId, season.season_number, season.name, season.overview, season.air_date, season.episode_count ?? null, season.poster_url, season.vote_average, season.tmdb_id],
      );
      const seasonId = rows[0]?.id as string;
      if (season.episodes !== undefined) await this.replaceEpisodes(db, seasonId, season.episodes);
    }
  }

  /** The episodes given become the season's, matched by number; the others go. */
  private async replaceEpisodes(db: Queryable, seasonId: string, episodes: readonly EpisodeInput[]): Promise<void> {
    // The DELETE and the INSERT see the same snapshot and touch different rows (numbers not given
    // vs numbers given), so one statement does both.
    await db.query(
      `WITH given AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS ${EPISODE_RECORD}),
       gone AS (DELETE FROM series_episodes WHERE season_id = $1 AND episode_number NOT IN (SELECT episode_number FROM given))
       INSERT INTO series_episodes (id, season_id, episode_number, name, overview, air_date, runtime, still_url, vote_average, tmdb_id)
       SELECT gen_random_uuid(), $1, episode_number, name, overview, air_date, runtime, still_url, vote_average, tmdb_id FROM given
       ON CONFLICT (season_id, episode_number) DO UPDATE
       SET name = EXCLUDED.name, overview = EXCLUDED.overview, air_date = EXCLUDED.air_date, runtime = EXCLUDED.runtime,
           still_url = EXCLUDED.still_url, vote_average = EXCLUDED.vote_average, tmdb_id = EXCLUDED.tmdb_id`,
      [seasonId, JSON.stringify(episodes)],
    );
  }

  /** The series' seasons in order, each with its episodes in order. */
  async forSeries(db: Queryable, seriesId: string): Promise<Season[]> {
    const { rows } = await db.query<Season>(
      `SELECT s.id, s.season_number, s.name, s.overview, to_char(s.air_date, 'YYYY-MM-DD') AS air_date, s.episode_count, s.poster_url, s.vote_average,
              coalesce((
                SELECT jsonb_agg(jsonb_build_object(
                         'id', e.id, 'episode_number', e.episode_number, 'season_number', s.season_number, 'name', e.name,
                         'overview', e.overview, 'air_date', to_char(e.air_date, 'YYYY-MM-DD'), 'runtime', e.runtime,
                         'still_url', e.still_url, 'vote_average', e.vote_average)
                       ORDER BY e.episode_number)
                FROM series_episodes e WHERE e.season_id = s.id
              ), '[]'::jsonb) AS episodes
       FROM series_seasons s
       WHERE s.series_id = $1
       ORDER BY s.season_number`,
      [seriesId],
    );
    return rows;
  }
}
