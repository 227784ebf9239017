import { videoWorker } from './video-worker';

videoWorker.main();
