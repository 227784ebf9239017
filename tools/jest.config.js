module.exports = { ...require('../jest.preset.js'), displayName: 'tools', testMatch: ['<rootDir>/test/**/*.test.ts'] };
