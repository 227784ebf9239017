import { spawn } from 'node:child_process';
import path from 'node:path';
import { createMigratedTestDatabase } from '@marquee/testing';
import amqp from 'amqplib';
import type { Registry } from '@marquee/core';
import { FIXTURE_MIGRATIONS } from './fixture-service';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export function createFixtureDatabase() {
  return createMigratedTestDatabase('service_fixture', FIXTURE_MIGRATIONS);
}

/** The sum of a metric's values whose labels include `labels`. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metrics = await registry.getMetricsAsJSON();
  const metric = metrics.find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

/** Deletes the queues and exchanges the given brokers declared (after they closed). */
export async function deleteAmqpNames(names: { queues: string[]; exchanges: string[] }[]): Promise<void> {
  const queues = [...new Set(names.flatMap((n) => n.queues))];
  const exchanges = [...new Set(names.flatMap((n) => n.exchanges))];
  if (queues.length === 0 && exchanges.length === 0) return;
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  for (const queue of queues) await channel.deleteQueue(queue);
  for (const exchange of exchanges) await channel.deleteExchange(exchange);
  await connection.close();
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
