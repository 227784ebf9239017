import { eventsService } from './app';

eventsService.main();
