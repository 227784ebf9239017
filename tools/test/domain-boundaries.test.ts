import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

const rule = require('../eslint/domain-boundaries.js');

const root = path.resolve(__dirname, '../..');
const file = (p: string) => path.join(root, p);

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' } });

describe('marquee/domain-boundaries', () => {
  tester.run('domain-boundaries', rule, {
    valid: [
      // the domain names its own stores, the platform's Db, contracts and the core
      { filename: file('apps/tickets/src/domain/tickets.service.ts'), code: "import type { TicketStore } from './ticket.store';" },
      { filename: file('apps/tickets/src/domain/tickets.service.ts'), code: "import type { Db, DomainPlatform } from '@marquee/service';" },
      { filename: file('apps/tickets/src/domain/tickets.service.ts'), code: "import { AppError } from '@marquee/core'; import { EventType } from '@marquee/contracts';" },
      { filename: file('apps/tickets/src/domain/ticket.ts'), code: "import { z } from 'zod'; import { randomUUID } from 'node:crypto';" },
      { filename: file('apps/tickets/src/holds/seat-hold.service.ts'), code: "import type { HoldStore } from './seat-hold.store'; import { holdRules } from './seat-hold.rules';" },
      // a name that merely starts like a layer is not that layer
      { filename: file('apps/tickets/src/domain/tickets.service.ts'), code: "import { x } from './data-shapes'; import { y } from './http-status-free';" },
      { filename: file('apps/tickets/src/domain/tickets.service.ts'), code: "import pgFormat from 'pg-format-like'; import { e } from 'expressive';" },
      // the other layers and the composition root may use everything
      { filename: file('apps/tickets/src/data/tickets.repository.ts'), code: "import type { Queryable } from '@marquee/postgres'; import { isUniqueViolation } from '@marquee/postgres';" },
      { filename: file('apps/tickets/src/http/tickets.routes.ts'), code: "import type { Router } from 'express'; import { TicketsService } from '../domain/tickets.service';" },
      { filename: file('apps/tickets/src/app.ts'), code: "import { TicketsRepository } from './data/tickets.repository'; import { TicketsService } from './domain/tickets.service';" },
      { filename: file('apps/users/src/security/jwt-token-service.ts'), code: "import jwt from 'jsonwebtoken'; import { Worker } from 'node:worker_threads';" },
      { filename: file('apps/tickets/src/holds/holds.repository.ts'), code: "import pg from 'pg';" },
      // tests wire real pieces, like the composition root
      { filename: file('apps/tickets/src/domain/tickets.int.test.ts'), code: "import { TicketsRepository } from '../data/tickets.repository'; import pg from 'pg';" },
      { filename: file('apps/tickets/src/holds/seat-hold.service.test.ts'), code: "import { HoldsRepository } from './holds.repository';" },
      // libraries are not apps: the rule is about apps' insides
      { filename: file('libs/service/src/domain-platform.ts'), code: "import type { Queryable } from '@marquee/postgres';" },
      { filename: file('libs/postgres/src/domain/x.service.ts'), code: "import pg from 'pg';" },
    ],
    invalid: [
      {
        filename: file('apps/tickets/src/domain/tickets.service.ts'),
        code: "import { TicketsRepository } from '../data/tickets.repository';",
        errors: [{ messageId: 'data' }],
      },
      {
        filename: file('apps/tickets/src/domain/tickets.service.ts'),
        code: "import type { Bounds } from '../data';",
        errors: [{ messageId: 'data' }],
      },
      {
        filename: file('apps/tickets/src/domain/ports.ts'),
        code: "export { TicketsRepository } from '../data/tickets.repository'; export * from '../data/holds';",
        errors: [{ messageId: 'data' }, { messageId: 'data' }],
      },
      {
        filename: file('apps/tickets/src/holds/seat-hold.service.ts'),
        code: "import { HoldsRepository } from './holds.repository';",
        errors: [{ messageId: 'data' }],
      },
      {
        filename: file('apps/tickets/src/domain/tickets.service.ts'),
        code: "import { ticketSchema } from '../http/schemas';",
        errors: [{ messageId: 'http' }],
      },
      {
        filename: file('apps/tickets/src/holds/seat-hold.rules.ts'),
        code: "import { holdsRoutes } from './holds.routes';",
        errors: [{ messageId: 'http' }],
      },
      {
        filename: file('apps/tickets/src/domain/tickets.service.ts'),
        code: "import type { Request } from 'express'; import type { PoolClient } from 'pg'; import type { Queryable } from '@marquee/postgres';",
        errors: [{ messageId: 'package' }, { messageId: 'package' }, { messageId: 'package' }],
      },
      {
        filename: file('apps/users/src/domain/token-service.ts'),
        code: "import jwt from 'jsonwebtoken'; import { Worker } from 'node:worker_threads'; import { parentPort } from 'worker_threads';",
        errors: [{ messageId: 'package' }, { messageId: 'package' }, { messageId: 'package' }],
      },
      {
        filename: file('apps/tickets/src/domain/deep/nested/thing.ts'),
        code: "import { Pool } from 'pg'; import { types } from 'pg/lib/index';",
        errors: [{ messageId: 'package' }, { messageId: 'package' }],
      },
      {
        filename: file('apps/tickets/src/lists/lists.store.ts'),
        code: "const { isUniqueViolation } = require('@marquee/postgres'); const repo = import('./lists.repository');",
        errors: [{ messageId: 'package' }, { messageId: 'data' }],
      },
      {
        filename: file('apps/tickets/src/domain/tickets.service.ts'),
        code: "import pg = require('pg');",
        errors: [{ messageId: 'package' }],
      },
      {
        filename: file('apps/tickets/src/domain/tickets.service.ts'),
        code: "import { Redis } from 'ioredis'; import pg from 'pg';",
        options: [{ packages: ['ioredis'] }],
        errors: [{ messageId: 'package' }],
      },
    ],
  });
});
