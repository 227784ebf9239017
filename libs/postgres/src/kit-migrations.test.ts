import fs from 'node:fs';
import path from 'node:path';
import { KIT_MIGRATIONS } from './kit-migrations';
import { KIT_MIGRATIONS_DIR } from './migrate';
import { readMigrations, toMigrations } from './migration-files';

describe('the embedded kit migrations', () => {
  it('match the .sql files of libs/postgres/migrations (run `npm run embed-migrations -w @marquee/postgres`)', () => {
    const onDisk = readMigrations(KIT_MIGRATIONS_DIR, 'kit');
    const embedded = toMigrations(KIT_MIGRATIONS, KIT_MIGRATIONS_DIR, 'kit');

    expect(embedded.map(({ version, name, checksum }) => ({ version, name, checksum }))).toEqual(
      onDisk.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
    expect(fs.readdirSync(KIT_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))).toEqual(
      KIT_MIGRATIONS.map((m) => path.basename(m.fileName)),
    );
  });
});
