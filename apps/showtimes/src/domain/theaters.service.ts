import { randomUUID } from 'node:crypto';
import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { DomainPlatform } from '@marquee/service';
import type { NewTheater, Theater } from './theater';
import type { TheatersStore } from './theaters.store';

export interface TheatersDeps extends DomainPlatform {
  theaters: TheatersStore;
  /** For a theater created without one. */
  defaultTimezone: string;
}

export class TheatersService {
  constructor(private readonly deps: TheatersDeps) {}

  /** `totalSeats`, when given, must equal rows × seats per row (a typo in a layout is refused, not guessed). */
  create(input: Omit<NewTheater, 'timezone'> & { timezone?: string; totalSeats?: number }): Promise<Theater> {
    const capacity = input.rows.length * input.seats_per_row;
    if (input.totalSeats !== undefined && input.totalSeats !== capacity) {
      throw AppError.validation([{ field: 'body.total_seats', message: `must equal rows × seats_per_row (${capacity})` }]);
    }
    return this.deps.theaters.insert(this.deps.db, randomUUID(), {
      name: input.name,
      rows: input.rows,
      seats_per_row: input.seats_per_row,
      timezone: input.timezone ?? this.deps.defaultTimezone,
    });
  }

  async get(id: string): Promise<Theater> {
    const theater = await this.deps.theaters.find(this.deps.db, id);
    if (!theater) throw AppError.notFound('The theater');
    return theater;
  }

  async list(query: PaginationQuery): Promise<Page<Theater>> {
    return sliceToPage(await this.deps.theaters.page(this.deps.db, pageBounds(query)), query);
  }
}
