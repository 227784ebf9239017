#!/usr/bin/env node
// Writes libs/contracts/src/service-ports.ts from `marquee.port` in apps/*/package.json, the one
// place a service's port is written (docs/adr/0007-service-skeleton.md).
// `node scripts/service-ports.mjs --check` fails when the committed file is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { renderServicePorts, root, servicePortsFile } from './lib.mjs';

const text = renderServicePorts();
const shown = path.relative(root, servicePortsFile);
if (process.argv.includes('--check')) {
  const current = fs.existsSync(servicePortsFile) ? fs.readFileSync(servicePortsFile, 'utf8') : '';
  if (current !== text) {
    console.error(`${shown} is out of date: run \`node scripts/service-ports.mjs\``);
    process.exit(1);
  }
  console.log(`${shown} is up to date`);
} else {
  fs.writeFileSync(servicePortsFile, text);
  console.log(`wrote ${shown}`);
}
