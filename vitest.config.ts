import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// Two projects, one run (one JSON report, one summary line from scripts/test.mjs): the server and
// shared code on Node with the database global setup, the web app in jsdom with its browser stubs.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/shared/src/**/*.test.ts',
            'packages/server/src/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          globalSetup: ['packages/server/src/test/global-setup.ts'],
          // cheaper password hashing in tests (production default is N=2^15; access/passwords.ts)
          env: { KEMAI_SCRYPT_LN: '10' },
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['packages/web/src/**/*.test.{ts,tsx}'],
          setupFiles: ['packages/web/src/test/setup.ts'],
        },
      },
    ],
  },
})
