import { videosService } from './app';

videosService.main();
