#!/usr/bin/env node
// Writes src/kit-migrations.ts from migrations/*.sql. The production build bundles each app into
// one file, so the kit cannot find its SQL folder at run time; it carries the SQL as strings
// instead. kit-migrations.test.ts fails when this has not been run after editing a migration.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'migrations');
const files = fs.readdirSync(dir).filter((name) => name.endsWith('.sql')).sort();
const entries = files.map((fileName) => {
  const sql = fs.readFileSync(path.join(dir, fileName), 'utf8').replace(/\r\n/g, '\n');
  // A template literal keeps the SQL readable in review; escape what would end or interpolate it.
  const literal = sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return `  {\n    fileName: '${fileName}',\n    sql: \`${literal}\`,\n  },`;
});
const out = `// Generated from libs/postgres/migrations by scripts/embed-kit-migrations.mjs; do not edit.
// Edit the .sql files and run \`npm run embed-migrations -w @marquee/postgres\`.
import type { MigrationSource } from './migration-files';

export const KIT_MIGRATIONS: readonly MigrationSource[] = [
${entries.join('\n')}
];
`;
fs.writeFileSync(path.join(root, 'src', 'kit-migrations.ts'), out);
console.log(`embedded ${files.length} kit migrations in src/kit-migrations.ts`);
