import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['packages/server/src/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // cheaper password hashing in tests (production default is N=2^15; access/passwords.ts)
    env: { KEMAI_SCRYPT_LN: '10' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
