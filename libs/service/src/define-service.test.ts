import { defineService, every } from './index';

describe('defineService', () => {
  it('when the package.json declares no usable port, then the definition is refused', () => {
    for (const port of [undefined, 70_000, 80.5, -1]) {
      expect(() => defineService({ name: 'x', packageJson: { marquee: { port } } as never, build: () => ({}) })).toThrow(/marquee.*port/);
    }
  });

  it('reads name, port and migrations without starting anything', () => {
    const definition = defineService({ name: 'tickets', packageJson: { marquee: { port: 5000 } }, migrationsDir: '/m', build: () => ({}) });
    expect(definition).toMatchObject({ name: 'tickets', port: 5000, migrationsDir: '/m' });
  });
});

describe('every', () => {
  it('when the name or interval is unusable, then the job is refused', () => {
    expect(() => every('Expire Holds', 1000, async () => undefined)).toThrow(/job name/);
    expect(() => every('expire-holds', 0, async () => undefined)).toThrow(/interval/);
    expect(() => every('expire-holds', 1.5, async () => undefined)).toThrow(/interval/);
    expect(every('expire-holds', 30_000, async () => undefined)).toMatchObject({ name: 'expire-holds', intervalMs: 30_000 });
  });
});
