import type { EpisodeInput, SeasonInput } from '../movie/movie';

/**
 * Seasons in order with their episodes in order, one per number (the first given wins): the
 * store matches seasons and episodes by number, so a number given twice has no single meaning.
 */
export function normaliseSeasons(seasons: readonly SeasonInput[]): SeasonInput[] {
  const byNumber = new Map<number, SeasonInput>();
  for (const season of seasons) {
    if (byNumber.has(season.season_number)) continue;
    byNumber.set(season.season_number, season.episodes === undefined ? season : { ...season, episodes: normaliseEpisodes(season.episodes) });
  }
  return [...byNumber.values()].sort((a, b) => a.season_number - b.season_number);
}

function normaliseEpisodes(episodes: readonly EpisodeInput[]): EpisodeInput[] {
  const byNumber = new Map<number, EpisodeInput>();
  for (const episode of episodes) if (!byNumber.has(episode.episode_number)) byNumber.set(episode.episode_number, episode);
  return [...byNumber.values()].sort((a, b) => a.episode_number - b.episode_number);
}

/** Numbers that appear more than once, for a 400 naming them. */
export function repeatedNumbers(numbers: readonly number[]): number[] {
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const n of numbers) (seen.has(n) ? repeated : seen).add(n);
  return [...repeated];
}
