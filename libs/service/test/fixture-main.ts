// The fixture service as a process (what `main.ts` of an app looks like).
import { runMain } from '../src/index';
import { startFixtureService } from './fixture-service';

runMain(async () => (await startFixtureService(process.env)).platform);
