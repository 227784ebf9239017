import { ticketsService } from './app';

ticketsService.main();
