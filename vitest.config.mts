import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One copy of graphql for libraries and tests, or graphql-js refuses types
    // "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Services log internal errors; tests that provoke them on purpose need not fill the output.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    server: {
      // Workspace packages are tested as tsc built them (decorator metadata included).
      deps: { external: [/\/(packages|subgraphs|gateway)\/[^/]+\/dist\//, /\/gateway\/dist\//] },
    },
  },
});
