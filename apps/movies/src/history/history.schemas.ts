import { pageSchema } from '@marquee/contracts';
import { z } from 'zod';
import { movieSchema } from '../movie/movie.schemas';

export const historyEntrySchema = movieSchema
  .extend({ viewed_at: z.string().meta({ description: 'When I last viewed it' }), view_count: z.number().int() })
  .meta({ id: 'HistoryEntry' });
export const historyPageSchema = pageSchema(historyEntrySchema).meta({ id: 'HistoryPage' });
