import { runMain } from '@marquee/core';
import { startGateway } from './app';

runMain(startGateway);
