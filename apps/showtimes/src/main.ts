import { showtimesService } from './app';

showtimesService.main();
