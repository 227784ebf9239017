import { pageSchema } from '@marquee/contracts';
import { z } from 'zod';
import { movieSchema } from '../movie/movie.schemas';

export const recommendationSchema = movieSchema
  .extend({ score: z.number(), reason: z.string().meta({ example: 'because you liked Inception' }) })
  .meta({ id: 'Recommendation' });
export const recommendationPageSchema = pageSchema(recommendationSchema).meta({ id: 'RecommendationPage' });
