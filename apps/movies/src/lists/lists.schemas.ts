import { kindQuerySchema, pageQuerySchema } from '../movie/movie.schemas';

export const cachedListQuerySchema = pageQuerySchema.extend({ type: kindQuerySchema });
