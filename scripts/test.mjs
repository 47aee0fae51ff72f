#!/usr/bin/env node
// Runs the vitest suite and ends with the plain `N passed, N failed` line CI reads
// (vitest's own summary is not read; STACK.md §4.14). `--pg` runs it on PostgreSQL.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const args = process.argv.slice(2)
const env = { ...process.env }
if (args[0] === '--pg') {
  args.shift()
  env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
}
const label = env.DATABASE_URL ? 'postgres' : 'pglite'
mkdirSync('.test-results', { recursive: true })
const out = join('.test-results', `vitest-${label}.json`)
rmSync(out, { force: true })
const r = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...args,
  ],
  { stdio: 'inherit', env },
)
let passed = 0
let failed = 0
let skipped = 0
try {
  const j = JSON.parse(readFileSync(out, 'utf8'))
  passed = j.numPassedTests
  failed = j.numFailedTests
  skipped = j.numPendingTests + (j.numTodoTests ?? 0)
  // a file that failed to load has no tests but is a failure
  for (const f of j.testResults ?? [])
    if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++
} catch {
  failed = Math.max(failed, 1)
}
// vitest failed outside any test (global setup, a file that did not load): count it as a failure
if (r.status !== 0 && failed === 0) failed = 1
console.log(`${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(r.status === 0 && failed === 0 ? 0 : 1)
