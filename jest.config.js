/** Two projects: pure unit tests, and integration tests that get a PostgreSQL database each. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // jose is ESM-only: let swc turn it into CommonJS for jest's module system.
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  setupFiles: ['reflect-metadata'],
  // the machine is shared: a hook that builds a world can take longer than jest's 5 s under load
  testTimeout: 30_000,
};
module.exports = {
  // Explicit, not jest's 5 s default (which a busy 2-core machine exceeds): a test or hook that
  // takes longer than this has hung. Hooks (a beforeAll starting a test app) share the limit.
  // (jest reads it from the top level only, not per project.)
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      // the browser tests share the integration tests' database server
      testMatch: [
        '<rootDir>/tests/integration/**/*.test.ts',
        '<rootDir>/tests/browser/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
    },
  ],
};
