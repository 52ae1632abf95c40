// Two projects: fast unit specs beside the code, and integration specs that need the real
// local Kafka broker and Postgres (started by scripts/test.sh).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/tools'],
      testMatch: ['**/*.unit.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'int',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.int.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      setupFilesAfterEnv: ['<rootDir>/test/support/integration.setup.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
