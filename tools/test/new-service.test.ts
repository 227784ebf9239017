import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The generator runs in a scratch copy of the workspace (the libs, tools and node_modules linked,
// no apps), so the real README, compose file and manifests are never touched while other tests
// read them. What it writes must pass typecheck, lint and its own tests as it stands.
const root = path.resolve(__dirname, '../..');
// libs is copied: the generator rewrites the port table in libs/contracts.
const LINKED = ['node_modules', 'tools'];
const EXISTING = fs.readdirSync(path.join(root, 'apps')).filter((app) => fs.existsSync(path.join(root, 'apps', app, 'package.json')));
const COPIED = ['libs', 'package.json', 'tsconfig.base.json', 'jest.preset.js', 'eslint.config.js', 'nx.json', 'README.md', 'scripts', 'nginx'];

function scratchWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-new-service-'));
  for (const entry of LINKED) fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
  for (const entry of COPIED) fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  // The apps' manifests only: their ports make the port table, and a clash can be tried.
  for (const app of EXISTING) fs.cpSync(path.join(root, 'apps', app, 'package.json'), path.join(dir, 'apps', app, 'package.json'));
  return dir;
}

function run(cwd: string, command: string, args: string[]) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', NX_DAEMON: 'false' } });
}

describe('npm run new:service', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = scratchWorkspace();
  });
  afterAll(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('when given a name and a free port, then the new app passes typecheck, lint and its tests, and is in the README, compose and Kubernetes', () => {
    const generated = run(workspace, process.execPath, ['scripts/new-service.mjs', 'gift-cards', '--port', '14000', '--no-install']);
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);

    const app = path.join(workspace, 'apps/gift-cards');
    const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
    for (const [command, args] of [
      [bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
      [bin('eslint'), ['.']],
      [bin('jest'), ['--ci']],
    ] as const) {
      const result = run(app, command, [...args]);
      expect({ command: path.basename(command), status: result.status, output: result.status === 0 ? '' : `${result.stdout}\n${result.stderr}` }).toEqual({
        command: path.basename(command),
        status: 0,
        output: '',
      });
    }

    expect(JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')).marquee.port).toBe(14000);
    expect(fs.readFileSync(path.join(workspace, 'README.md'), 'utf8')).toMatch(/^\| gift-cards \| 14000 \|/m);
    expect(fs.readFileSync(path.join(workspace, 'docker-compose.yml'), 'utf8')).toMatch(/^ {2}gift-cards:$/m);
    expect(fs.existsSync(path.join(workspace, 'infra/k8s/gift-cards.yaml'))).toBe(true);
    expect(fs.readFileSync(path.join(workspace, 'libs/contracts/src/service-ports.ts'), 'utf8')).toMatch(/["']gift-cards["']: 14000/);
  }, 240_000);

  it('when the name is not kebab-case, the app exists or the port is taken, then it refuses and writes nothing', () => {
    for (const args of [['Gift_Cards', '--port', '14001'], ['reviews', '--port', '14002'], ['loyalty-plus', '--port', '9000'], ['no-port']]) {
      const result = run(workspace, process.execPath, ['scripts/new-service.mjs', ...args]);
      expect({ args, status: result.status }).toEqual({ args, status: 2 });
      expect(result.stderr).toMatch(/^new:service: /);
    }
    expect(fs.readdirSync(path.join(workspace, 'apps')).sort()).toEqual([...EXISTING, 'gift-cards'].sort());
  });
});
