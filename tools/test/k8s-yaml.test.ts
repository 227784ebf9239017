import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '../..');

/** Runs scripts/k8s.mjs's `toYaml(header, docs)` in a child (the script is an ES module). */
function toYaml(header: string, docs: unknown[]): { text: string; error: string } {
  const script = `
    import { toYaml } from './scripts/k8s.mjs';
    try { process.stdout.write(toYaml(process.env.HEADER, JSON.parse(process.env.DOCS))); }
    catch (error) { process.stderr.write(error.message); process.exitCode = 1; }
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, HEADER: header, DOCS: JSON.stringify(docs) },
  });
  return { text: result.stdout, error: result.stderr };
}

describe('scripts/k8s.mjs toYaml', () => {
  it('writes comment keys as comments before the next key, the header first and one document after another', () => {
    const { text, error } = toYaml('Generated.\nSecond line.', [
      { '#': 'About the first.', kind: 'A', spec: { '#why': 'Because.\nReally.', replicas: 2 } },
      { kind: 'B', list: [{ '#': 'first item', name: 'x' }] },
    ]);

    expect(error).toBe('');
    expect(text.startsWith('# Generated.\n# Second line.\n')).toBe(true);
    expect(text).toContain('# About the first.\nkind: A\n');
    expect(text).toContain('  # Because.\n  # Really.\n  replicas: 2\n');
    expect(text).toContain('\n---\n');
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual([
      { kind: 'A', spec: { replicas: 2 } },
      { kind: 'B', list: [{ name: 'x' }] },
    ]);
  });

  it('quotes strings a YAML 1.1 parser (kubectl) would read as booleans or numbers, and keeps multi-line text', () => {
    const data = { a: 'yes', b: 'on', c: 'N', d: '0755', e: '1:20', f: 'true', g: '3000', h: '', conf: 'line 1\n  line 2\n' };
    const { text, error } = toYaml('h', [{ data }]);

    expect(error).toBe('');
    for (const version of ['1.1', '1.2'] as const) {
      expect(parseAllDocuments(text, { version }).map((d) => d.toJS())).toEqual([{ data }]);
    }
  });

  it('refuses a comment with no key after it', () => {
    expect(toYaml('h', [{ kind: 'A', '#dangling': 'nothing follows' }]).error).toMatch(/no key after it/);
  });
});
