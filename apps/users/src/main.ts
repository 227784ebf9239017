import { usersService } from './app';

usersService.main();
