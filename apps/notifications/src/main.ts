import { notificationsService } from './app';

notificationsService.main();
