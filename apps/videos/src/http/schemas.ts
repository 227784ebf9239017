import { isoDateTimeSchema, pageSchema } from '@marquee/contracts';
import { z } from 'zod';
import { MAX_TITLE_LENGTH, type Item } from '../domain/item';

export const newItemSchema = z
  .object({
    title: z
      .string({ message: 'must be text' })
      .trim()
      .min(1, { message: 'is required' })
      .max(MAX_TITLE_LENGTH, { message: `must be at most ${MAX_TITLE_LENGTH} characters` }),
  })
  .meta({ id: 'VideosNewItem' });

export const itemSchema = z
  .object({ id: z.uuid(), owner_id: z.uuid(), title: z.string(), created_at: isoDateTimeSchema })
  .meta({ id: 'VideosItem' });

export const itemPageSchema = pageSchema(itemSchema).meta({ id: 'VideosItemPage' });

/** An item as clients see it. */
export function itemBody(item: Item): z.input<typeof itemSchema> {
  return { id: item.id, owner_id: item.owner_id, title: item.title, created_at: item.created_at.toISOString() };
}
