import { WorkerPasswordHasher } from './worker-password-hasher';

describe('WorkerPasswordHasher', () => {
  const hasher = new WorkerPasswordHasher(4, 2);
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

  it('when every worker is busy and the queue is full, then the next task is refused at once with 503 and Retry-After, and the admitted ones still finish', async () => {
    const small = new WorkerPasswordHasher(4, 1, 2);
    try {
      // One running, two waiting: the queue holds two.
      const admitted = [small.hash('a'), small.hash('b'), small.hash('c')];
      await expect(small.hash('d')).rejects.toMatchObject({ status: 503, code: 'SERVICE_BUSY', headers: { 'Retry-After': expect.stringMatching(/^[1-9]\d*$/) } });
      await expect(small.compare('d', 'not-a-hash')).rejects.toMatchObject({ status: 503 });
      await expect(Promise.all(admitted)).resolves.toHaveLength(3);
      await expect(small.hash('e')).resolves.toMatch(/^\$2[aby]\$04\$/);
    } finally {
      await small.close();
    }
  });

  it('when the ordinary queue is full, then a known device is still admitted, and checked before everything waiting', async () => {
    const small = new WorkerPasswordHasher(10, 1, 2);
    try {
      const hash = await small.hash('mine');
      const done: string[] = [];
      const track = (name: string, p: Promise<unknown>) => p.then(() => done.push(name));
      // One running, two waiting in the ordinary lane: full.
      const flood = [track('f1', small.compare('x', hash)), track('f2', small.compare('x', hash)), track('f3', small.compare('x', hash))];
      expect(() => small.assertRoom()).toThrow(expect.objectContaining({ status: 503 }));
      expect(() => small.assertRoom(true)).not.toThrow();
      await expect(small.compare('x', hash)).rejects.toMatchObject({ status: 503 });
      const mine = track('mine', small.compare('mine', hash, true));
      await Promise.all([...flood, mine]);
      // The running one finished first; then the known device, ahead of the two that waited.
      expect(done).toEqual(['f1', 'mine', 'f2', 'f3']);
    } finally {
      await small.close();
    }
  });

  it('when a worker dies, then its task fails and a new worker takes the next ones', async () => {
    const small = new WorkerPasswordHasher(4, 1, 4);
    try {
      const running = small.compare('x', '$2b$13$mpaxBBsJtqQTLeCzRImUb.28xi1Z8cgtGbtwLVwyZGhLmgUHTjinC');
      const waiting = small.hash('after the crash');
      // Stands in for a crash of the thread (out of memory, a bug in the library).
      await (small as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> }).slots[0]!.worker.terminate();
      await expect(running).rejects.toThrow(/password worker exited/);
      await expect(waiting).resolves.toMatch(/^\$2[aby]\$04\$/);
    } finally {
      await small.close();
    }
  });

  it('when closed, then waiting tasks are refused', async () => {
    const small = new WorkerPasswordHasher(4, 1, 4);
    const outcomes = Promise.allSettled([small.hash('one'), small.hash('two')]);
    await small.close();
    const [running, waiting] = await outcomes;
    expect(running?.status).toBe('rejected');
    expect(waiting).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/closed/) }) });
    await expect(small.hash('three')).rejects.toThrow(/closed/);
  });
});
