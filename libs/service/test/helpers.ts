import { spawn } from 'node:child_process';
import path from 'node:path';
import { createMigratedTestDatabase } from '@marquee/testing';
import { FIXTURE_MIGRATIONS } from './fixture-service';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export function createFixtureDatabase() {
  return createMigratedTestDatabase('service_fixture', FIXTURE_MIGRATIONS);
}


/** Runs the fixture service as its own process, the way `npm start` runs an app. */
export function spawnFixture(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixture-main.ts')], {
    cwd: path.join(__dirname, '..'),
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}
