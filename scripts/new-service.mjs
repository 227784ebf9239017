#!/usr/bin/env node
// npm run new:service -- <name> --port <n> [--no-install]
//
// Stamps out apps/<name> in the reference layout (config, http, messaging, domain, data,
// migrations; one route pair, one consumer, a unit and an integration test), adds it to the
// README's table of services, and regenerates the port table (libs/contracts), docker-compose.yml
// and infra/k8s/. What it writes
// passes typecheck, lint and tests as generated; then replace the sample `items` with the
// service's own rules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { discoverApps, root } from './lib.mjs';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function usage(message) {
  if (message) console.error(`new:service: ${message}`);
  console.error('usage: npm run new:service -- <name> --port <n> [--no-install]');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { install: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--port') args.port = Number(argv[++i]);
    else if (arg.startsWith('--port=')) args.port = Number(arg.slice(7));
    else if (arg === '--no-install') args.install = false;
    else if (!arg.startsWith('-') && args.name === undefined) args.name = arg;
    else usage(`unknown argument ${arg}`);
  }
  if (!args.name) usage('give the service a name');
  if (!NAME.test(args.name)) usage(`"${args.name}" must be lower-case kebab-case (letters, digits, dashes)`);
  if (!Number.isInteger(args.port) || args.port < 1024 || args.port > 65535) usage('--port must be a whole number from 1024 to 65535');
  return args;
}

const { name, port, install } = parseArgs(process.argv.slice(2));
const dir = path.join(root, 'apps', name);
if (fs.existsSync(dir)) usage(`apps/${name} already exists`);
const taken = discoverApps().find((p) => p.port === port);
if (taken) usage(`port ${port} is already ${taken.app}'s`);

const words = name.split('-');
const title = words.join(' ').replace(/^./, (c) => c.toUpperCase());
const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const camel = pascal[0].toLowerCase() + pascal.slice(1);
const snake = words.join('_');

const files = {
  'package.json': `${JSON.stringify(
    {
      name: `@marquee/${name}`,
      version: '0.0.0',
      private: true,
      description: `${title} service`,
      nx: { tags: ['type:app', `scope:${name}`] },
      marquee: { port, startOrder: 50 },
      scripts: {
        typecheck: 'tsc -p tsconfig.json --noEmit',
        lint: 'eslint .',
        test: 'jest',
        build: `node ../../scripts/build.mjs ${name}`,
      },
      dependencies: {
        '@marquee/contracts': '*',
        '@marquee/core': '*',
        '@marquee/http': '*',
        '@marquee/postgres': '*',
        '@marquee/service': '*',
        zod: '^4.6.7',
      },
      devDependencies: { '@marquee/testing': '*' },
    },
    null,
    2,
  )}\n`,

  'tsconfig.json': `{
  "extends": "../../tsconfig.base.json",
  "include": ["src/**/*.ts", "test/**/*.ts"]
}
`,

  'jest.config.js': `module.exports = { ...require('../../jest.preset.js'), displayName: '${name}' };
`,

  'src/main.ts': `import { ${camel}Service } from './app';

${camel}Service.main();
`,

  'src/app.ts': `import path from 'node:path';
import { defineService, domainPlatform } from '@marquee/service';
import pkg from '../package.json';
import { ${camel}ConfigShape } from './config';
import { ItemsRepository } from './data/items.repository';
import { KnownUsersRepository } from './data/known-users.repository';
import { ItemsService } from './domain/items.service';
import { itemsRoutes } from './http/items.routes';
import { userEventHandlers } from './messaging/user-events.consumer';

/**
 * The ${name} service, declared once: repositories → domain → routes, consumers and jobs. The
 * platform owns start, stop, port, retries, seed and the pruning of its outbox and inbox.
 */
export const ${camel}Service = defineService({
  name: '${name}',
  packageJson: pkg,
  description: '${title}',
  config: ${camel}ConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const knownUsers = new KnownUsersRepository();
    const items = new ItemsService({ ...domainPlatform(platform), items: new ItemsRepository() });
    return {
      routes: (router) => itemsRoutes(router, items),
      consumers: userEventHandlers(knownUsers),
    };
  },
});
`,

  'src/config.ts': `import { booleanVar } from '@marquee/core';

/**
 * The ${name} service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults must work on a developer machine.
 */
export const ${camel}ConfigShape = {
  /** An example switch; replace it with the service's own settings. */
  ${snake.toUpperCase()}_EXAMPLE_ENABLED: booleanVar.default(true),
};
`,

  [`src/migrations/0001_${snake}.sql`]: `-- The ${name} service's own tables (its database is marquee_${snake}).

CREATE TABLE items (
  id         uuid PRIMARY KEY,
  owner_id   uuid NOT NULL,
  title      text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT items_owner_title_key UNIQUE (owner_id, title)
);
CREATE INDEX items_owner_created_idx ON items (owner_id, created_at DESC, id);

-- Read model of users from user.* events: newer facts win (upsertNewerFact).
CREATE TABLE known_users (
  user_id    uuid PRIMARY KEY,
  name       text NOT NULL,
  fact_time  timestamptz NOT NULL
);
`,

  'src/domain/item.ts': `/** One item: the sample aggregate the generator starts a service with. */
export interface Item {
  id: string;
  owner_id: string;
  title: string;
  created_at: Date;
}

export interface NewItem {
  id: string;
  owner_id: string;
  title: string;
}

export const MAX_TITLE_LENGTH = 200;

/** A title as stored: trimmed, inner runs of white space folded to one space. */
export function normaliseTitle(title: string): string {
  return title.trim().replace(/\\s+/g, ' ');
}
`,

  'src/domain/item.test.ts': `import { normaliseTitle } from './item';

describe('normaliseTitle', () => {
  it('when a title has outer and repeated inner white space, then it is trimmed and folded', () => {
    expect(normaliseTitle('  A   first\\titem ')).toBe('A first item');
  });

  it('when a title is already clean, then it is unchanged', () => {
    expect(normaliseTitle('Tidy')).toBe('Tidy');
  });
});
`,

  'src/domain/items.store.ts': `import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Item, NewItem } from './item';

/** Where items live; \`data/items.repository.ts\` implements it. */
export interface ItemsStore {
  /** Throws 409 CONFLICT when the owner already has an item with this title. */
  insert(db: Db, item: NewItem): Promise<Item>;
  pageOfOwner(db: Db, ownerId: string, bounds: Bounds): Promise<Slice<Item>>;
}
`,

  'src/domain/known-users.store.ts': `import type { Db } from '@marquee/service';

/** A fact about a user from a user.* event. */
export interface UserFact {
  user_id: string;
  name: string;
  /** The event's time: a late, older event never overwrites a newer one. */
  at: Date;
}

export interface KnownUsersStore {
  /** True when the fact was newer than what is stored and was applied. */
  apply(db: Db, fact: UserFact): Promise<boolean>;
}
`,

  'src/domain/items.service.ts': `import { randomUUID } from 'node:crypto';
import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { DomainPlatform } from '@marquee/service';
import { normaliseTitle, type Item } from './item';
import type { ItemsStore } from './items.store';

export interface ItemsDeps extends DomainPlatform {
  items: ItemsStore;
}

/** The rules about items. No HTTP and no SQL here: plain values in and out. */
export class ItemsService {
  constructor(private readonly deps: ItemsDeps) {}

  create(ownerId: string, title: string): Promise<Item> {
    return this.deps.items.insert(this.deps.db, { id: randomUUID(), owner_id: ownerId, title: normaliseTitle(title) });
  }

  async listOfOwner(ownerId: string, query: PaginationQuery): Promise<Page<Item>> {
    return sliceToPage(await this.deps.items.pageOfOwner(this.deps.db, ownerId, pageBounds(query)), query);
  }
}
`,

  'src/data/items.repository.ts': `import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { Item, NewItem } from '../domain/item';
import type { ItemsStore } from '../domain/items.store';

export class ItemsRepository implements ItemsStore {
  async insert(db: Db, item: NewItem): Promise<Item> {
    try {
      const { rows } = await db.query<Item>(
        'INSERT INTO items (id, owner_id, title) VALUES ($1, $2, $3) RETURNING id, owner_id, title, created_at',
        [item.id, item.owner_id, item.title],
      );
      return rows[0] as Item;
    } catch (error) {
      if (isUniqueViolation(error, 'items_owner_title_key')) {
        throw AppError.conflict(ErrorCode.CONFLICT, 'You already have an item with this title', { title: item.title });
      }
      throw error;
    }
  }

  pageOfOwner(db: Db, ownerId: string, bounds: Bounds): Promise<Slice<Item>> {
    return pagedQuery<Item>(
      db,
      { sql: 'SELECT id, owner_id, title, created_at FROM items WHERE owner_id = $1', params: [ownerId], orderBy: 'created_at DESC, id' },
      bounds,
    );
  }
}
`,

  'src/data/known-users.repository.ts': `import { upsertNewerFact, type Db } from '@marquee/service';
import type { KnownUsersStore, UserFact } from '../domain/known-users.store';

export class KnownUsersRepository implements KnownUsersStore {
  apply(db: Db, fact: UserFact): Promise<boolean> {
    return upsertNewerFact(db, 'known_users', { user_id: fact.user_id }, { name: fact.name }, fact.at);
  }
}
`,

  'src/messaging/user-events.consumer.ts': `import type { EventHandlers } from '@marquee/service';
import type { KnownUsersStore } from '../domain/known-users.store';

/**
 * Keeps the known-users read model from user.registered and user.updated. The platform's inbox
 * makes a redelivery a no-op; the event time makes a late, older event change nothing.
 */
export function userEventHandlers(knownUsers: KnownUsersStore): EventHandlers {
  return {
    'user.registered': async (data, event, client) => {
      await knownUsers.apply(client, { user_id: data.user_id, name: data.name, at: new Date(event.time) });
    },
    'user.updated': async (data, event, client) => {
      await knownUsers.apply(client, { user_id: data.user_id, name: data.name, at: new Date(event.time) });
    },
  };
}
`,

  'src/http/schemas.ts': `import { isoDateTimeSchema, pageSchema } from '@marquee/contracts';
import { z } from 'zod';
import { MAX_TITLE_LENGTH, type Item } from '../domain/item';

export const newItemSchema = z
  .object({
    title: z
      .string({ message: 'must be text' })
      .trim()
      .min(1, { message: 'is required' })
      .max(MAX_TITLE_LENGTH, { message: \`must be at most \${MAX_TITLE_LENGTH} characters\` }),
  })
  .meta({ id: '${pascal}NewItem' });

export const itemSchema = z
  .object({ id: z.uuid(), owner_id: z.uuid(), title: z.string(), created_at: isoDateTimeSchema })
  .meta({ id: '${pascal}Item' });

export const itemPageSchema = pageSchema(itemSchema).meta({ id: '${pascal}ItemPage' });

/** An item as clients see it. */
export function itemBody(item: Item): z.input<typeof itemSchema> {
  return { id: item.id, owner_id: item.owner_id, title: item.title, created_at: item.created_at.toISOString() };
}
`,

  'src/http/items.routes.ts': `import { paginationQuerySchema } from '@marquee/contracts';
import type { ApiRouter } from '@marquee/http';
import type { ItemsService } from '../domain/items.service';
import { itemBody, itemPageSchema, itemSchema, newItemSchema } from './schemas';

const tags = ['${name}'];

/** Thin handlers: parse (the schemas), call the domain, answer. */
export function itemsRoutes(router: ApiRouter, items: ItemsService): void {
  router.route({
    method: 'post',
    path: '/api/${name}/items',
    summary: 'Create an item of mine',
    tags,
    request: { body: newItemSchema },
    responses: {
      201: { description: 'The item', schema: itemSchema },
      409: { description: 'I already have an item with this title (\`CONFLICT\`)' },
    },
    handler: async ({ user, body }) => itemBody(await items.create(user.id, body.title)),
  });

  router.route({
    method: 'get',
    path: '/api/${name}/items',
    summary: 'My items, newest first',
    tags,
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'A page of my items', schema: itemPageSchema } },
    handler: async ({ user, query }) => {
      const page = await items.listOfOwner(user.id, query);
      return { ...page, items: page.items.map(itemBody) };
    },
  });
}
`,

  'src/http/items.int.test.ts': `import { ServiceTestKit, formatFindings } from '@marquee/testing';
import { ${camel}Service } from '../app';

describe('${name} service: items', () => {
  const kit = new ServiceTestKit(${camel}Service);
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when a user creates items, then they list newest first, only for their owner', async () => {
    const me = kit.user();
    const first = await kit.call('POST', '/api/${name}/items', { token: me.token, body: { title: '  First   item ' } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), owner_id: me.userId, title: 'First item', created_at: expect.any(String) });
    await kit.call('POST', '/api/${name}/items', { token: me.token, body: { title: 'Second item' } });

    const mine = await kit.call('GET', '/api/${name}/items?limit=1', { token: me.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ page: 1, limit: 1, total: 2, total_pages: 2 });
    expect(mine.body.items.map((i: { title: string }) => i.title)).toEqual(['Second item']);
    expect((await kit.call('GET', '/api/${name}/items', { token: kit.user().token })).body.total).toBe(0);
  });

  it('when the title repeats for one owner, then 409; when the body is bad, then 400 naming the field; without a token, 401', async () => {
    const me = kit.user();
    expect((await kit.call('POST', '/api/${name}/items', { token: me.token, body: { title: 'Once' } })).status).toBe(201);
    const again = await kit.call('POST', '/api/${name}/items', { token: me.token, body: { title: 'Once' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    const bad = await kit.call('POST', '/api/${name}/items', { token: me.token, body: { title: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'body.title', message: 'is required' }]);
    expect((await kit.call('GET', '/api/${name}/items')).status).toBe(401);
  });

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const report = await kit.sweep();
    expect(formatFindings(report.findings)).toBe('');
    expect(report.requests).toBeGreaterThan(30);
  });
});
`,

  'src/messaging/user-events.consumer.int.test.ts': `import { randomUUID } from 'node:crypto';
import type { UserRegisteredData } from '@marquee/contracts';
import { ServiceTestKit } from '@marquee/testing';
import { ${camel}Service } from '../app';

function user(overrides: Partial<UserRegisteredData> = {}): UserRegisteredData {
  return {
    user_id: randomUUID(),
    email: \`\${randomUUID()}@example.com\`,
    username: null,
    first_name: null,
    last_name: null,
    name: 'Ada Lovelace',
    city: null,
    country: null,
    phone_number: null,
    genres: [],
    role: 'user',
    maturity_filter: 'all',
    preferred_language: null,
    ...overrides,
  };
}

describe('${name} service: user events', () => {
  const kit = new ServiceTestKit(${camel}Service);
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const nameOf = async (userId: string) =>
    (await kit.pool.query<{ name: string }>('SELECT name FROM known_users WHERE user_id = $1', [userId])).rows[0]?.name;

  it('when a user registers and then changes their name, then the read model has the newer name', async () => {
    const ada = user();
    await kit.deliver('user.registered', ada, { time: new Date('2026-01-01T10:00:00Z') });
    expect(await nameOf(ada.user_id)).toBe('Ada Lovelace');
    await kit.deliver('user.updated', { ...ada, name: 'Ada King' }, { time: new Date('2026-01-02T10:00:00Z') });
    expect(await nameOf(ada.user_id)).toBe('Ada King');
  });

  it('when an older event arrives late, then it changes nothing', async () => {
    const grace = user({ name: 'Grace Hopper' });
    await kit.deliver('user.updated', grace, { time: new Date('2026-03-01T10:00:00Z') });
    await kit.deliver('user.registered', { ...grace, name: 'Grace Murray' }, { time: new Date('2026-02-01T10:00:00Z') });
    expect(await nameOf(grace.user_id)).toBe('Grace Hopper');
  });
});
`,
};

for (const [file, content] of Object.entries(files)) {
  const target = path.join(dir, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
}
console.log(`wrote apps/${name}/ (${Object.keys(files).length} files)`);

// The README's table of running services gains a row, after the last one.
const readmePath = path.join(root, 'README.md');
if (fs.existsSync(readmePath)) {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const lines = readme.split('\n');
  const header = lines.findIndex((l) => l.startsWith('| service | port |'));
  if (header >= 0) {
    let last = header + 2;
    while (lines[last + 1]?.startsWith('| ')) last += 1;
    lines.splice(last + 1, 0, `| ${name} | ${port} | ${title} (generated by \`npm run new:service\`: replace the sample items with its own rules) |`);
    fs.writeFileSync(readmePath, lines.join('\n'));
    console.log('added it to the README\'s table of services');
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed`);
    process.exit(1);
  }
}

run(process.execPath, ['scripts/service-ports.mjs']);
run(process.execPath, ['scripts/compose.mjs']);
run(process.execPath, ['scripts/k8s.mjs']);
if (install) run('npm', ['install', '--no-audit', '--no-fund']);
console.log(`\nnext: npx nx run-many -t typecheck lint test -p @marquee/${name}; then npm start shows ${name} on port ${port}`);
