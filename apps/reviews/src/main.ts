import { reviewsService } from './app';

reviewsService.main();
