import { analyticsService } from './app';

analyticsService.main();
