import { runMain } from '@marquee/service';
import { startUsersService } from './app';

runMain(async () => (await startUsersService(process.env)).platform);
