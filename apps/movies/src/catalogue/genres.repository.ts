import type { Queryable } from '@marquee/postgres';
import type { Genre } from './genres';
import type { GenreStore } from './genres.store';

export class GenresRepository implements GenreStore {
  async all(db: Queryable): Promise<Genre[]> {
    const { rows } = await db.query<Genre>('SELECT id, name FROM genres ORDER BY name');
    return rows;
  }
}
