#!/usr/bin/env node
// `npm run bench -- <name> [--scale small|full] [bench options…]`
// Runs bench/<name>.bench.ts through tsx in its own Node process and passes the options on.
// Each benchmark prints a table and writes bench/results/<name>.json (docs/benchmarks.md).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const benchDir = join(root, 'bench')
const available = existsSync(benchDir)
  ? readdirSync(benchDir)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => f.slice(0, -'.bench.ts'.length))
  : []

const args = process.argv.slice(2)
const name = args.find((a) => !a.startsWith('-'))
const usage = `usage: npm run bench -- <name> [--scale small|full]\nbenchmarks: ${available.join(', ') || '(none)'}`
if (!name || args.includes('--help') || args.includes('-h')) {
  console.log(usage)
  process.exit(name ? 0 : 2)
}
if (!available.includes(name)) {
  console.error(`unknown benchmark "${name}"\n${usage}`)
  process.exit(2)
}
const rest = args.filter((a) => a !== name)
const scaleAt = rest.indexOf('--scale')
const scale = scaleAt >= 0 ? rest[scaleAt + 1] : 'small'
if (scale !== 'small' && scale !== 'full') {
  console.error(`--scale must be small or full, got "${scale ?? ''}"`)
  process.exit(2)
}
const passOn = scaleAt >= 0 ? rest.filter((_, i) => i !== scaleAt && i !== scaleAt + 1) : rest

const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--expose-gc', join('bench', `${name}.bench.ts`), '--scale', scale, ...passOn],
  { cwd: root, stdio: 'inherit', env: { ...process.env, KEMAI_LOG_LEVEL: 'silent' } },
)
if (r.error) {
  console.error(r.error.message)
  process.exit(1)
}
process.exit(r.status ?? 1)
