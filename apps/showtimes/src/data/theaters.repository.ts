import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { NewTheater, Theater } from '../domain/theater';
import type { TheatersStore } from '../domain/theaters.store';

const COLUMNS = 'id, name, rows, seats_per_row, timezone, created_at';

export class TheatersRepository implements TheatersStore {
  async insert(db: Db, id: string, theater: NewTheater): Promise<Theater> {
    try {
      const { rows } = await db.query<Theater>(
        `INSERT INTO theaters (id, name, rows, seats_per_row, timezone) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [id, theater.name, theater.rows, theater.seats_per_row, theater.timezone],
      );
      return rows[0] as Theater;
    } catch (error) {
      if (isUniqueViolation(error, 'theaters_name_key')) {
        throw AppError.conflict(ErrorCode.CONFLICT, 'A theater with this name exists', { name: theater.name });
      }
      throw error;
    }
  }

  async find(db: Db, id: string): Promise<Theater | null> {
    const { rows } = await db.query<Theater>(`SELECT ${COLUMNS} FROM theaters WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  page(db: Db, bounds: Bounds): Promise<Slice<Theater>> {
    return pagedQuery<Theater>(db, { sql: `SELECT ${COLUMNS} FROM theaters`, orderBy: 'name, id' }, bounds);
  }
}
