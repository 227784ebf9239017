import { randomUUID } from 'node:crypto';
import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { DomainPlatform } from '@marquee/service';
import { normaliseTitle, type Item } from './item';
import type { ItemsStore } from './items.store';

export interface ItemsDeps extends DomainPlatform {
  items: ItemsStore;
}

/** The rules about items. No HTTP and no SQL here: plain values in and out. */
export class ItemsService {
  constructor(private readonly deps: ItemsDeps) {}

  create(ownerId: string, title: string): Promise<Item> {
    return this.deps.items.insert(this.deps.db, { id: randomUUID(), owner_id: ownerId, title: normaliseTitle(title) });
  }

  async listOfOwner(ownerId: string, query: PaginationQuery): Promise<Page<Item>> {
    return sliceToPage(await this.deps.items.pageOfOwner(this.deps.db, ownerId, pageBounds(query)), query);
  }
}
