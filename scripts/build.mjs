#!/usr/bin/env node
// Production build: one CommonJS bundle per process in dist/apps/<app>/<process>.js, with the
// @marquee/* libraries inlined and third-party packages left in node_modules. Each app's SQL
// migrations and mail templates are copied beside its bundle (dist/apps/<app>/migrations, templates). Used by the Dockerfile.
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { discoverApps, root } from './lib.mjs';

const only = process.argv[2];
const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys({ ...rootPkg.dependencies });
for (const lib of fs.readdirSync(path.join(root, 'libs'))) {
  const manifest = path.join(root, 'libs', lib, 'package.json');
  if (fs.existsSync(manifest)) {
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    external.push(...Object.keys(pkg.dependencies ?? {}).filter((d) => !d.startsWith('@marquee/')));
  }
}

const procs = discoverApps().filter((p) => !only || p.app === only);
if (procs.length === 0) console.log(only ? `no app named ${only}` : 'No apps in apps/ yet: nothing to build.');
// Third-party packages stay in node_modules (the image installs them), deep imports included.
const externalsOf = (names) => [...new Set(names)].flatMap((name) => [name, `${name}/*`]);
const appDependencies = (dir) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return Object.keys(pkg.dependencies ?? {}).filter((d) => !d.startsWith('@marquee/'));
};

for (const proc of procs) {
  const outdir = path.join(root, 'dist', 'apps', proc.app);
  await esbuild.build({
    entryPoints: [path.join(proc.dir, proc.entry)],
    outfile: path.join(outdir, `${proc.name}.js`),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    sourcemap: true,
    external: externalsOf([...external, ...appDependencies(proc.dir)]),
    tsconfig: path.join(root, 'tsconfig.base.json'),
    logLevel: 'warning',
  });
  // Files the code reads beside itself (`path.join(__dirname, …)`): SQL migrations, mail templates.
  for (const assets of ['migrations', 'templates']) {
    const from = path.join(path.dirname(path.join(proc.dir, proc.entry)), assets);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(outdir, assets), { recursive: true });
  }
  console.log(`built dist/apps/${proc.app}/${proc.name}.js`);
}
