import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Item, NewItem } from './item';

/** Where items live; `data/items.repository.ts` implements it. */
export interface ItemsStore {
  /** Throws 409 CONFLICT when the owner already has an item with this title. */
  insert(db: Db, item: NewItem): Promise<Item>;
  pageOfOwner(db: Db, ownerId: string, bounds: Bounds): Promise<Slice<Item>>;
}
