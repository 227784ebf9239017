import { paginationQuerySchema } from '@marquee/contracts';
import type { ApiRouter } from '@marquee/http';
import type { ItemsService } from '../domain/items.service';
import { itemBody, itemPageSchema, itemSchema, newItemSchema } from './schemas';

const tags = ['videos'];

/** Thin handlers: parse (the schemas), call the domain, answer. */
export function itemsRoutes(router: ApiRouter, items: ItemsService): void {
  router.route({
    method: 'post',
    path: '/api/videos/items',
    summary: 'Create an item of mine',
    tags,
    request: { body: newItemSchema },
    responses: {
      201: { description: 'The item', schema: itemSchema },
      409: { description: 'I already have an item with this title (`CONFLICT`)' },
    },
    handler: async ({ user, body }) => itemBody(await items.create(user.id, body.title)),
  });

  router.route({
    method: 'get',
    path: '/api/videos/items',
    summary: 'My items, newest first',
    tags,
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'A page of my items', schema: itemPageSchema } },
    handler: async ({ user, query }) => {
      const page = await items.listOfOwner(user.id, query);
      return { ...page, items: page.items.map(itemBody) };
    },
  });
}
