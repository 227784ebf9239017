import { paymentsService } from './app';

paymentsService.main();
