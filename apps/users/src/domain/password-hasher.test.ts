import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(4, 2);
  afterAll(() => hasher.close());

  it('hashes in a worker thread and compares against the hash', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    await expect(hasher.compare('correct horse battery', hash)).resolves.toBe(true);
    await expect(hasher.compare('wrong horse battery', hash)).resolves.toBe(false);
  });

  it('runs many tasks at once across the pool', async () => {
    const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hasher.hash(`password-${i}`)));
    const checks = await Promise.all(hashes.map((h, i) => hasher.compare(`password-${i}`, h)));
    expect(checks.every(Boolean)).toBe(true);
  });

  it('answers false, not an error, for a malformed hash', async () => {
    await expect(hasher.compare('whatever1', 'not-a-hash')).resolves.toBe(false);
  });
});
