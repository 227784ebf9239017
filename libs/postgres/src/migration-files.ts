import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Thrown when migrations cannot be applied safely; the service must not start. */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** One `NNNN_name.sql` file, read from disk. */
export interface MigrationFile {
  /** As recorded in `schema_migrations.version`: `0003`, or `kit:0001` for the kit's own. */
  version: string;
  number: number;
  name: string;
  checksum: string;
  sql: string;
  path: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  version: string;
  name: string;
  checksum: string;
}

const FILE_NAME = /^(\d+)_([A-Za-z0-9][A-Za-z0-9_-]*)\.sql$/;

/** `0003_add_seats.sql` → `{ digits: '0003', number: 3, name: 'add_seats' }`; undefined if it does not match. */
export function parseMigrationFileName(fileName: string): { digits: string; number: number; name: string } | undefined {
  const match = FILE_NAME.exec(fileName);
  if (!match) return undefined;
  return { digits: match[1]!, number: Number(match[1]), name: match[2]! };
}

/** SHA-256 of the file's SQL; line endings are normalised so a Windows checkout does not count as an edit. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

function versionOf(namespace: string, digits: string): string {
  return namespace ? `${namespace}:${digits}` : digits;
}

/** A migration's file name and SQL, wherever it was read from. */
export interface MigrationSource {
  fileName: string;
  sql: string;
}

/**
 * Parses and orders migration sources. Only `.sql` names count; an `.sql` name that does not match
 * NNNN_name.sql or a number used twice is an error, so a typo cannot skip a migration. `location`
 * is the folder shown in messages.
 */
export function toMigrations(sources: readonly MigrationSource[], location: string, namespace = ''): MigrationFile[] {
  const files: MigrationFile[] = [];
  const byNumber = new Map<number, string>();
  for (const { fileName, sql } of sources) {
    if (!fileName.endsWith('.sql')) continue;
    const parsed = parseMigrationFileName(fileName);
    if (!parsed) throw new MigrationError(`Migration file ${path.join(location, fileName)} is not named NNNN_name.sql`);
    const clash = byNumber.get(parsed.number);
    if (clash) throw new MigrationError(`Migrations ${clash} and ${fileName} in ${location} share the number ${parsed.number}`);
    byNumber.set(parsed.number, fileName);
    files.push({
      version: versionOf(namespace, parsed.digits),
      number: parsed.number,
      name: parsed.name,
      checksum: migrationChecksum(sql),
      sql,
      path: path.join(location, fileName),
    });
  }
  return files.sort((a, b) => a.number - b.number);
}

/** Reads the migrations of folder `dir` (see {@link toMigrations}). */
export function readMigrations(dir: string, namespace = ''): MigrationFile[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new MigrationError(`Migrations folder ${dir} does not exist`);
  }
  const sources = fs
    .readdirSync(dir)
    .filter((fileName) => fileName.endsWith('.sql'))
    .map((fileName) => ({ fileName, sql: fs.readFileSync(path.join(dir, fileName), 'utf8') }));
  return toMigrations(sources, dir, namespace);
}

function inNamespace(version: string, namespace: string): boolean {
  return namespace ? version.startsWith(`${namespace}:`) : !version.includes(':');
}

function numberOf(version: string): number {
  return Number(version.slice(version.lastIndexOf(':') + 1));
}

/**
 * The files still to apply, in order. Throws, before anything is applied, when an applied
 * migration's file is gone or was edited, or when a new file sorts before one already applied
 * (it was probably merged late and would run out of order).
 */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[], namespace = ''): MigrationFile[] {
  const label = namespace ? `${namespace} migration` : 'migration';
  const byVersion = new Map(files.map((file) => [file.version, file]));
  const done = applied.filter((row) => inNamespace(row.version, namespace));
  for (const row of done) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationError(
        `Applied ${label} ${row.version} (${row.name}) has no file any more; restore it, migrations are never deleted`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Applied ${label} ${file.path} was changed after it ran (checksum differs); revert the edit and add a new migration instead`,
      );
    }
  }
  const doneVersions = new Set(done.map((row) => row.version));
  const latest = Math.max(0, ...done.map((row) => numberOf(row.version)));
  const pending = files.filter((file) => !doneVersions.has(file.version));
  const early = pending.find((file) => file.number < latest);
  if (early) {
    throw new MigrationError(
      `${label[0]!.toUpperCase()}${label.slice(1)} ${early.path} sorts before ${latest}, which is already applied; renumber it after the latest one`,
    );
  }
  return pending;
}
