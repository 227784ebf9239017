import { runMain } from '@marquee/service';
import { startReviewsService } from './app';

runMain(async () => (await startReviewsService(process.env)).platform);
