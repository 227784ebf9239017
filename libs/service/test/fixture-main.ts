// The fixture service as a process (what `main.ts` of an app looks like).
import { fixtureService } from './fixture-service';

fixtureService.main();
