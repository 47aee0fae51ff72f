// `npm run bench -- dup-check [--scale small|full]`
//
// The extra cost of the duplicate check on a single create (docs/dedup.md, "Warn on create"): people are
// loaded through the records service, then single creates of new, distinct people are timed three ways
// in alternation, on the same data in the same run:
//   check   — the object's `dedup` on: key lookup + scoring of the candidates + the keys written (the default)
//   allowed — `allowDuplicate: true`: no lookup, the keys still written
//   off     — `dedup` off for the object: neither (the write path as it was before the check)
import './lib/silent.ts'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../packages/server/src/config.ts'
import { createKernel, syncWorkspaces } from '../packages/server/src/kernel.ts'
import { migrate } from '../packages/server/src/platform/db/migrate.ts'
import { AppError } from '../packages/server/src/platform/errors.ts'
import type { BatchOp } from '../packages/server/src/platform/records/service.ts'
import { personName, rng } from './lib/data.ts'
import { openBenchDatabase } from './lib/db.ts'
import { percentile, round } from './lib/stats.ts'

const argv = process.argv.slice(2)
const scale = (argv[argv.indexOf('--scale') + 1] ?? 'small') === 'full' ? 'full' : 'small'
const PEOPLE = scale === 'full' ? 200_000 : 20_000
const SAMPLES = scale === 'full' ? 600 : 300

const r = rng(20_261_205)
let seq = 0
function person(): Record<string, unknown> {
  const n = personName(r)
  seq++
  return {
    name: n.name,
    mobile: `13${String(100_000_000 + ((seq * 7_919) % 899_999_999)).slice(0, 9)}`,
    email: `${n.latin}.${seq}@example.com`,
    birthday: new Date(Date.UTC(1960, 0, 1) + Math.floor(r() * 40 * 365) * 86_400_000)
      .toISOString()
      .slice(0, 10),
  }
}

const bench = await openBenchDatabase({ poolSize: 4 })
const config = { ...loadConfig({}), demo: false }
await migrate(bench.database.db)
const kernel = createKernel(bench.database, config)
const created = await kernel.createWorkspace({
  name: 'Bench',
  slug: 'bench',
  owner: { email: 'bench@example.com', name: 'Bench', password: 'correct horse battery' },
})
const actor = await kernel.services.access.loadActor({
  workspaceId: created.workspace.id,
  userId: created.owner.id,
  channel: 'api',
  locale: 'en',
})
const { records, metadata } = kernel.services

const loadStart = performance.now()
for (let i = 0; i < PEOPLE; i += 1000) {
  const ops: BatchOp[] = Array.from({ length: Math.min(1000, PEOPLE - i) }, () => ({
    op: 'create',
    data: person(),
  }))
  await records.batch(actor, 'person', ops, { allowDuplicate: true })
}
await syncWorkspaces(kernel)
const loadSeconds = (performance.now() - loadStart) / 1000

type Mode = 'check' | 'allowed' | 'off'
const times: Record<Mode, number[]> = { check: [], allowed: [], off: [] }
// a drawn person may meet an earlier one by chance (same name and birthday): that 409 is timed too
let conflicts = 0
async function once(mode: Mode): Promise<void> {
  const data = person()
  const t0 = performance.now()
  try {
    await records.create(actor, 'person', data, { allowDuplicate: mode === 'allowed' })
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'duplicate_candidates') throw e
    conflicts++
  }
  times[mode].push(performance.now() - t0)
}
// warm-up, then rounds of check/allowed, then (with the object's check off) the plain path
for (let i = 0; i < 30; i++) await once(i % 2 ? 'check' : 'allowed')
times.check = []
times.allowed = []
for (let i = 0; i < SAMPLES; i++) {
  await once('check')
  await once('allowed')
}
await metadata.updateObject(actor, 'person', { dedup: false })
for (let i = 0; i < 30; i++) await once('off')
times.off = []
for (let i = 0; i < SAMPLES; i++) await once('off')

const p = (m: Mode, q: number) => round(percentile(times[m], q))
const figures = {
  people: PEOPLE,
  samples: SAMPLES,
  load_seconds: round(loadSeconds),
  create_p50_ms_check: p('check', 50),
  create_p50_ms_allowed: p('allowed', 50),
  create_p50_ms_off: p('off', 50),
  create_p95_ms_check: p('check', 95),
  create_p95_ms_off: p('off', 95),
  extra_p50_ms: round(p('check', 50) - p('off', 50)),
  check_conflicts: conflicts,
}
const result = {
  name: 'dup-check',
  scale,
  db: bench.kind,
  ratios: { check_vs_off_p50: round(figures.create_p50_ms_check / figures.create_p50_ms_off) },
  figures,
}
console.log(`duplicate check on a single create (${bench.kind}, ${PEOPLE} people, ${SAMPLES} samples each)`)
console.table({
  'check (default)': { p50: figures.create_p50_ms_check, p95: figures.create_p95_ms_check },
  'allowDuplicate (keys only)': { p50: figures.create_p50_ms_allowed, p95: p('allowed', 95) },
  'dedup off': { p50: figures.create_p50_ms_off, p95: figures.create_p95_ms_off },
})
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'dup-check.json')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
await kernel.stop()
await bench.close()
