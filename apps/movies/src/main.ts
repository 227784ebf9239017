import { runMain } from '@marquee/service';
import { startMoviesService } from './app';

runMain(async () => (await startMoviesService(process.env)).platform);
