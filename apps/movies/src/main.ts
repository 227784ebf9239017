import { moviesService } from './app';

moviesService.main();
