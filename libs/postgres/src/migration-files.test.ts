import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MigrationError,
  migrationChecksum,
  parseMigrationFileName,
  planMigrations,
  readMigrations,
  type MigrationFile,
} from './migration-files';

function file(number: number, sql = `-- ${number}`, namespace = ''): MigrationFile {
  const digits = String(number).padStart(4, '0');
  return {
    version: namespace ? `${namespace}:${digits}` : digits,
    number,
    name: `m${number}`,
    checksum: migrationChecksum(sql),
    sql,
    path: `/m/${digits}_m${number}.sql`,
  };
}

function applied(f: MigrationFile) {
  return { version: f.version, name: f.name, checksum: f.checksum };
}

describe('parseMigrationFileName', () => {
  it('reads the number and name of NNNN_name.sql', () => {
    expect(parseMigrationFileName('0012_add_seats.sql')).toEqual({ digits: '0012', number: 12, name: 'add_seats' });
  });

  it('rejects names that do not follow the pattern', () => {
    expect(parseMigrationFileName('add_seats.sql')).toBeUndefined();
    expect(parseMigrationFileName('0012-add-seats.sql')).toBeUndefined();
    expect(parseMigrationFileName('0012_.sql')).toBeUndefined();
  });
});

describe('migrationChecksum', () => {
  it('ignores the difference between CRLF and LF line endings', () => {
    expect(migrationChecksum('SELECT 1;\r\nSELECT 2;\r\n')).toBe(migrationChecksum('SELECT 1;\nSELECT 2;\n'));
  });

  it('changes when the SQL changes', () => {
    expect(migrationChecksum('SELECT 1;')).not.toBe(migrationChecksum('SELECT 2;'));
  });
});

describe('readMigrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('orders files by number and namespaces their versions', () => {
    fs.writeFileSync(path.join(dir, '0010_b.sql'), 'SELECT 10;');
    fs.writeFileSync(path.join(dir, '0002_a.sql'), 'SELECT 2;');
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a migration');
    const files = readMigrations(dir, 'kit');
    expect(files.map((f) => [f.version, f.name])).toEqual([
      ['kit:0002', 'a'],
      ['kit:0010', 'b'],
    ]);
  });

  it('refuses an .sql file with a bad name and a number used twice', () => {
    fs.writeFileSync(path.join(dir, 'seats.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/not named NNNN_name.sql/);
    fs.rmSync(path.join(dir, 'seats.sql'));
    fs.writeFileSync(path.join(dir, '0001_a.sql'), 'SELECT 1;');
    fs.writeFileSync(path.join(dir, '001_b.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/share the number 1/);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => readMigrations(path.join(dir, 'nope'))).toThrow(MigrationError);
  });
});

describe('planMigrations', () => {
  it('returns the files not applied yet, in order', () => {
    const files = [file(1), file(2), file(3)];
    expect(planMigrations(files, [applied(files[0]!)]).map((f) => f.number)).toEqual([2, 3]);
  });

  it('looks only at rows of its own namespace', () => {
    const kit = [file(1, 'kit', 'kit')];
    const own = [file(1), file(2)];
    const rows = [applied(kit[0]!), applied(own[0]!)];
    expect(planMigrations(kit, rows, 'kit')).toEqual([]);
    expect(planMigrations(own, rows).map((f) => f.version)).toEqual(['0002']);
  });

  it('refuses when an applied file was edited', () => {
    const before = file(1, 'CREATE TABLE a ();');
    expect(() => planMigrations([file(1, 'CREATE TABLE b ();')], [applied(before)])).toThrow(/changed after it ran/);
  });

  it('refuses when an applied file is missing', () => {
    const files = [file(1), file(2)];
    expect(() => planMigrations([files[1]!], files.map(applied))).toThrow(/0001 \(m1\) has no file/);
  });

  it('refuses a new file numbered before one already applied', () => {
    const files = [file(1), file(2), file(3)];
    expect(() => planMigrations(files, [applied(files[0]!), applied(files[2]!)])).toThrow(/sorts before 3/);
  });
});
