import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@marquee/core';
import { createMigratedTestDatabase, createTestDatabase, type TestDatabase } from '@marquee/testing';
import type pg from 'pg';

/** A stand-in for a service's migrations folder. */
export const TEST_MIGRATIONS_DIR = path.join(__dirname, 'migrations');

export const logger = createLogger({ service: 'postgres-test', level: process.env.LOG_LEVEL ?? 'silent' });

/** This test file's own database, cloned from a template migrated with the kit and TEST_MIGRATIONS_DIR. */
export function createMigratedDatabase(): Promise<TestDatabase> {
  return createMigratedTestDatabase('pgkit', TEST_MIGRATIONS_DIR);
}

/** A database with nothing in it, for migration tests. */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ label: 'pgkit_empty', prepare: async () => undefined });
}

/** A temporary migrations folder holding `files` (name → SQL). */
export function migrationsFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgkit-migrations-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

/** Closes what a test file opened, in order, even when one of them fails. */
export class Cleanup {
  private readonly steps: (() => unknown)[] = [];

  add<T>(value: T, close: (value: T) => unknown): T {
    this.steps.push(() => close(value));
    return value;
  }

  pool(pool: pg.Pool): pg.Pool {
    return this.add(pool, (p) => p.end());
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length) throw new AggregateError(errors, 'cleanup failed');
  }
}
