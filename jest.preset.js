// Shared Jest settings: SWC transform, path aliases for @marquee/* libs, unit and integration
// tests side by side (*.test.ts and *.int.test.ts).
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^@marquee/([^/]+)$': path.join(root, 'libs/$1/src/index.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  // Integration test files each get their own database and RabbitMQ prefix, so two workers are safe.
  maxWorkers: 2,
};
