import type { Queryable } from '@marquee/postgres';
import type { Genre } from '../domain/genres';

export class GenresRepository {
  async all(db: Queryable): Promise<Genre[]> {
    const { rows } = await db.query<Genre>('SELECT id, name FROM genres ORDER BY name');
    return rows;
  }
}
