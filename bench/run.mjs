#!/usr/bin/env node
// `npm run bench [name]`: runs every bench/*.bench.mjs (or the one named), one after another.
// Each benchmark starts what it measures, measures the variants side by side in one run, and
// prints their ratios.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const benches = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.mjs') && (!only || f.startsWith(only))).sort();
if (benches.length === 0) {
  console.log(only ? `no benchmark named ${only}` : 'No benchmarks in bench/ yet.');
  process.exit(only ? 1 : 0);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n### ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
