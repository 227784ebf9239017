import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

const rule = require('../eslint/module-boundaries.js');

const root = path.resolve(__dirname, '../..');
const file = (p: string) => path.join(root, p);
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'kind:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'kind:runtime', onlyDependOnLibsWithTags: ['kind:runtime', 'kind:contracts'] },
];

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' } });

describe('marquee/module-boundaries', () => {
  tester.run('module-boundaries', rule, {
    valid: [
      { filename: file('libs/http/src/a.ts'), code: "import { AppError } from '@marquee/core';", options: [{ depConstraints }] },
      { filename: file('libs/core/src/a.ts'), code: "import { ErrorCode } from '@marquee/contracts';", options: [{ depConstraints }] },
      { filename: file('libs/core/src/a.ts'), code: "import { x } from './b';", options: [{ depConstraints }] },
      { filename: file('libs/core/jest.config.js'), code: "const preset = require('../../jest.preset.js');", options: [{ depConstraints }] },
      { filename: file('libs/core/src/a.ts'), code: "import { z } from 'zod';", options: [{ depConstraints }] },
    ],
    invalid: [
      {
        filename: file('libs/http/src/a.ts'),
        code: "import { AppError } from '@marquee/core/src/errors';",
        options: [{ depConstraints }],
        errors: [{ messageId: 'deep' }],
      },
      {
        filename: file('libs/http/src/a.ts'),
        code: "import { AppError } from '../../core/src/errors';",
        options: [{ depConstraints }],
        errors: [{ messageId: 'escape' }],
      },
      {
        filename: file('libs/contracts/src/a.ts'),
        code: "import { AppError } from '@marquee/core';",
        options: [{ depConstraints }],
        errors: [{ messageId: 'tags' }],
      },
      {
        filename: file('libs/postgres/src/a.ts'),
        code: "import { TcpProxy } from '@marquee/testing';",
        options: [{ depConstraints }],
        errors: [{ messageId: 'tags' }],
      },
      {
        filename: file('libs/postgres/src/a.ts'),
        code: "const { TcpProxy } = require('@marquee/testing');",
        options: [{ depConstraints }],
        errors: [{ messageId: 'tags' }],
      },
      {
        filename: file('libs/postgres/src/a.ts'),
        code: "export * from '@marquee/testing';",
        options: [{ depConstraints }],
        errors: [{ messageId: 'tags' }],
      },
    ],
  });
});
