import type { Bounds, Slice } from '@marquee/contracts';
import { isUniqueViolation, pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { NewVideo, PublicVideo, RankedPlayer, Video } from '../domain/video';
import type { RankingFilter, VideosStore } from '../domain/videos.store';

const COLUMNS = `id, user_id, title, status, is_published, publish_requested, original_key, processed_key,
  duration_seconds, progress, error, attempts, votes, uploaded_at, processing_started_at, processed_at`;
const V_COLUMNS = COLUMNS.split(',').map((c) => `v.${c.trim()}`).join(', ');

export class VideosRepository implements VideosStore {
  async insert(db: Db, video: NewVideo): Promise<Video> {
    const { rows } = await db.query<Video>(
      `INSERT INTO videos (id, user_id, title, publish_requested, original_key) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [video.id, video.user_id, video.title, video.publish_requested, video.original_key],
    );
    return rows[0] as Video;
  }

  async insertProcessed(db: Db, video: NewVideo & { processed_key: string; duration_seconds: number }): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO videos (id, user_id, title, publish_requested, original_key, processed_key, duration_seconds, status, is_published, progress, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'processed', true, 100, now()) ON CONFLICT (id) DO NOTHING`,
      [video.id, video.user_id, video.title, video.publish_requested, video.original_key, video.processed_key, video.duration_seconds],
    );
    return rowCount === 1;
  }

  async find(db: Db, id: string): Promise<Video | null> {
    const { rows } = await db.query<Video>(`SELECT ${COLUMNS} FROM videos WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lock(db: Db, id: string): Promise<Video | null> {
    const { rows } = await db.query<Video>(`SELECT ${COLUMNS} FROM videos WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  pageOfOwner(db: Db, userId: string, bounds: Bounds): Promise<Slice<Video>> {
    return pagedQuery<Video>(
      db,
      { sql: `SELECT ${COLUMNS} FROM videos WHERE user_id = $1`, params: [userId], orderBy: 'uploaded_at DESC, id' },
      bounds,
    );
  }

  pagePublished(db: Db, bounds: Bounds): Promise<Slice<PublicVideo>> {
    return pagedQuery<PublicVideo>(
      db,
      {
        sql: `SELECT ${V_COLUMNS}, k.name AS player_name, k.city AS player_city
                FROM videos v LEFT JOIN known_users k ON k.user_id = v.user_id
               WHERE v.is_published AND v.status = 'processed'`,
        orderBy: 'votes DESC, uploaded_at DESC, id',
      },
      bounds,
    );
  }

  async publish(db: Db, id: string): Promise<void> {
    await db.query("UPDATE videos SET is_published = true WHERE id = $1 AND status = 'processed'", [id]);
  }

  async remove(db: Db, id: string): Promise<void> {
    await db.query('DELETE FROM videos WHERE id = $1', [id]);
  }

  async claim(db: Db, id: string): Promise<Video | null> {
    const { rows } = await db.query<Video>(
      `UPDATE videos SET status = 'processing', progress = 0, processing_started_at = now(), attempts = attempts + 1, error = NULL
        WHERE id = $1 AND status IN ('uploaded', 'processing') RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async setProgress(db: Db, id: string, percent: number): Promise<void> {
    await db.query("UPDATE videos SET progress = $2 WHERE id = $1 AND status = 'processing' AND progress < $2", [id, percent]);
  }

  async markProcessed(db: Db, id: string, result: { processed_key: string; duration_seconds: number }): Promise<Video | null> {
    const { rows } = await db.query<Video>(
      `UPDATE videos SET status = 'processed', progress = 100, processed_key = $2, duration_seconds = $3, processed_at = now(),
              is_published = publish_requested, error = NULL
        WHERE id = $1 AND status = 'processing' RETURNING ${COLUMNS}`,
      [id, result.processed_key, result.duration_seconds],
    );
    return rows[0] ?? null;
  }

  async markFailed(db: Db, id: string, reason: string): Promise<Video | null> {
    const { rows } = await db.query<Video>(
      `UPDATE videos SET status = 'failed', error = $2 WHERE id = $1 AND status IN ('uploaded', 'processing') RETURNING ${COLUMNS}`,
      [id, reason],
    );
    return rows[0] ?? null;
  }

  async lockStuck(db: Db, olderThanMs: number, limit: number): Promise<Video[]> {
    const { rows } = await db.query<Video>(
      `SELECT ${COLUMNS} FROM videos
        WHERE status = 'processing' AND processing_started_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY processing_started_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [olderThanMs, limit],
    );
    return rows;
  }

  async requeue(db: Db, id: string): Promise<void> {
    await db.query("UPDATE videos SET status = 'uploaded', progress = 0, processing_started_at = NULL WHERE id = $1 AND status = 'processing'", [id]);
  }

  async insertVote(db: Db, videoId: string, userId: string): Promise<boolean> {
    try {
      const { rowCount } = await db.query('INSERT INTO votes (video_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [videoId, userId]);
      return rowCount === 1;
    } catch (error) {
      if (isUniqueViolation(error, 'votes_pkey')) return false;
      throw error;
    }
  }

  async countVote(db: Db, videoId: string, ownerId: string): Promise<number> {
    const { rows } = await db.query<{ votes: number }>('UPDATE videos SET votes = votes + 1 WHERE id = $1 RETURNING votes', [videoId]);
    await db.query(
      'INSERT INTO player_tallies (user_id, votes) VALUES ($1, 1) ON CONFLICT (user_id) DO UPDATE SET votes = player_tallies.votes + 1',
      [ownerId],
    );
    return rows[0]?.votes ?? 0;
  }

  rankings(db: Db, filter: RankingFilter, bounds: Bounds): Promise<Slice<RankedPlayer>> {
    const where: string[] = ['t.votes > 0'];
    const params: unknown[] = [];
    if (filter.city) {
      params.push(filter.city);
      where.push(`k.city_key = $${params.length}`);
    }
    if (filter.country) {
      params.push(filter.country);
      where.push(`k.country_key = $${params.length}`);
    }
    const join = filter.city || filter.country ? 'JOIN' : 'LEFT JOIN';
    return pagedQuery<RankedPlayer>(
      db,
      {
        sql: `SELECT t.user_id, k.username, k.name, k.city, k.country, t.votes
                FROM player_tallies t ${join} known_users k ON k.user_id = t.user_id
               WHERE ${where.join(' AND ')}`,
        params,
        orderBy: 'votes DESC, user_id',
      },
      bounds,
    );
  }
}
