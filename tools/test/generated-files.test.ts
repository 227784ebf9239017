import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('generated files', () => {
  it('docker-compose.yml matches the apps declared in apps/*/package.json', () => {
    const result = spawnSync(process.execPath, ['scripts/compose.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
