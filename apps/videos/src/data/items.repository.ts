import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { Item, NewItem } from '../domain/item';
import type { ItemsStore } from '../domain/items.store';

export class ItemsRepository implements ItemsStore {
  async insert(db: Db, item: NewItem): Promise<Item> {
    try {
      const { rows } = await db.query<Item>(
        'INSERT INTO items (id, owner_id, title) VALUES ($1, $2, $3) RETURNING id, owner_id, title, created_at',
        [item.id, item.owner_id, item.title],
      );
      return rows[0] as Item;
    } catch (error) {
      if (isUniqueViolation(error, 'items_owner_title_key')) {
        throw AppError.conflict(ErrorCode.CONFLICT, 'You already have an item with this title', { title: item.title });
      }
      throw error;
    }
  }

  pageOfOwner(db: Db, ownerId: string, bounds: Bounds): Promise<Slice<Item>> {
    return pagedQuery<Item>(
      db,
      { sql: 'SELECT id, owner_id, title, created_at FROM items WHERE owner_id = $1', params: [ownerId], orderBy: 'created_at DESC, id' },
      bounds,
    );
  }
}
