import { loyaltyService } from './app';

loyaltyService.main();
