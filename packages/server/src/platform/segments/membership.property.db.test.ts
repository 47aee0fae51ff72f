import type { EventEnvelope } from '@kemai/shared/api/events.api'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { withWorkspace } from '../db/tx.ts'
import { recompute } from './jobs.ts'
import { applyEvent } from './listener.ts'

const RUNS = Number(process.env.SEGMENT_PROP_RUNS ?? 12)
const STAGES = ['lead', 'customer', 'churned', null] as const
const INDUSTRIES = ['finance', 'retail', 'software', null] as const

type Op =
  | { kind: 'create'; stage: (typeof STAGES)[number]; company: number | null; vip: boolean }
  | { kind: 'stage'; person: number; stage: (typeof STAGES)[number] }
  | { kind: 'move'; person: number; company: number | null }
  | { kind: 'delete'; person: number }
  | { kind: 'restore'; person: number }
  | { kind: 'industry'; company: number; industry: (typeof INDUSTRIES)[number] }
  | { kind: 'parent'; company: number; parent: number | null }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    stage: fc.constantFrom(...STAGES),
    company: fc.option(fc.nat(3)),
    vip: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('stage' as const), person: fc.nat(40), stage: fc.constantFrom(...STAGES) }),
  fc.record({ kind: fc.constant('move' as const), person: fc.nat(40), company: fc.option(fc.nat(3)) }),
  fc.record({ kind: fc.constant('delete' as const), person: fc.nat(40) }),
  fc.record({ kind: fc.constant('restore' as const), person: fc.nat(40) }),
  fc.record({
    kind: fc.constant('industry' as const),
    company: fc.nat(3),
    industry: fc.constantFrom(...INDUSTRIES),
  }),
  fc.record({ kind: fc.constant('parent' as const), company: fc.nat(3), parent: fc.option(fc.nat(3)) }),
)

/** Filters in memory (no relation path) and through the SQL fallback (relation paths, 1 and 2 hops). */
const SEGMENTS = [
  { objectName: 'person', filter: { field: 'lifecycle_stage', op: 'eq', value: 'customer' } },
  {
    objectName: 'person',
    filter: {
      or: [
        { field: 'tags', op: 'has_any', value: ['vip'] },
        { field: 'lifecycle_stage', op: 'is_empty' },
      ],
    },
  },
  { objectName: 'person', filter: { not: { field: 'owner_id', op: 'eq', value: '$me' } } },
  { objectName: 'person', filter: { field: 'company.industry', op: 'in', value: ['finance', 'retail'] } },
  { objectName: 'person', filter: { not: { field: 'company.parent.industry', op: 'eq', value: 'finance' } } },
  { objectName: 'company', filter: { field: 'parent.industry', op: 'is_not_empty' } },
]

describe('segments: incremental membership ≡ full SQL recompute', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const companies: string[] = []
  const people: string[] = []
  const segments: { id: string; objectName: string; filter: unknown }[] = []
  let watermark = 0

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('segments-prop')
    const records = t.kernel.services.records
    for (let i = 0; i < 4; i++) {
      companies.push(
        (await records.create(ws.admin, 'company', { name: `公司${i}`, industry: INDUSTRIES[i] })).id,
      )
    }
    for (const s of SEGMENTS) {
      const created = await t.kernel.services.segments.create(ws.admin, { ...s, name: 'p' })
      segments.push({ id: created.id, ...s })
      await recompute(
        { db: t.database.db, metadata: t.kernel.services.metadata },
        { workspaceId: ws.created.workspace.id, segmentId: created.id, generation: 1, cause: 'recompute' },
      )
    }
    watermark = await maxSeq()
  })
  afterAll(async () => {
    await t.close()
  })

  async function maxSeq(): Promise<number> {
    const r = await sql<{ s: number | null }>`select max(seq)::int as s from outbox_event`.execute(
      t.database.db,
    )
    return r.rows[0]?.s ?? 0
  }

  async function apply(op: Op): Promise<void> {
    const records = t.kernel.services.records
    const a = ws.admin
    const person = (i: number) => people[i % Math.max(1, people.length)]
    try {
      switch (op.kind) {
        case 'create':
          people.push(
            (
              await records.create(a, 'person', {
                name: `人${people.length}`,
                lifecycle_stage: op.stage,
                company: op.company === null ? null : companies[op.company],
                tags: op.vip ? ['vip'] : [],
                ...(people.length % 3 === 0 ? { owner_id: null } : {}),
              })
            ).id,
          )
          return
        case 'stage':
          if (person(op.person))
            await records.update(a, 'person', person(op.person)!, { lifecycle_stage: op.stage })
          return
        case 'move':
          if (person(op.person))
            await records.update(a, 'person', person(op.person)!, {
              company: op.company === null ? null : companies[op.company],
            })
          return
        case 'delete':
          if (person(op.person)) await records.delete(a, 'person', person(op.person)!)
          return
        case 'restore':
          if (person(op.person)) await records.restore(a, 'person', person(op.person)!)
          return
        case 'industry':
          await records.update(a, 'company', companies[op.company]!, { industry: op.industry })
          return
        case 'parent':
          await records.update(a, 'company', companies[op.company]!, {
            parent: op.parent === null || op.parent === op.company ? null : companies[op.parent],
          })
      }
    } catch (e) {
      // updating a deleted record, restoring a live one, a parent cycle: refused, nothing happened
      const code = (e as { code?: string }).code
      if (
        !code ||
        !['not_found', 'record_not_found', 'validation_failed', 'conflict', 'bad_request'].includes(code)
      )
        throw e
    }
  }

  /** The new record events, in a random order and some twice: the listener must not care. */
  async function runListener(order: number[]): Promise<void> {
    const r = await sql<
      EventEnvelope & { seq: number }
    >`select id, seq::int as seq, type, workspace_id as "workspaceId",
        object_name as "objectName", record_id as "recordId", actor_id as "actorId", payload
      from outbox_event where seq > ${watermark} and type like 'record%' order by seq`.execute(t.database.db)
    watermark = await maxSeq()
    const events = r.rows
    const picked = events.map((_, i) => i)
    for (let i = 0; i < picked.length; i++) {
      const j = (order[i % Math.max(1, order.length)] ?? 0) % picked.length
      ;[picked[i], picked[j]] = [picked[j]!, picked[i]!]
    }
    const replays = order.length > 0 && events.length > 0 ? [picked[0]!] : []
    for (const i of [...picked, ...replays]) {
      await withWorkspace(t.database.db, ws.created.workspace.id, async (trx, info) =>
        applyEvent(trx, await t.kernel.services.metadata.schemaIn(trx, info), events[i]!),
      )
    }
  }

  async function stored(segmentId: string): Promise<string[]> {
    const r = await sql<{ record_id: string }>`select record_id from segment_member
      where workspace_id = ${ws.created.workspace.id} and segment_id = ${segmentId} order by record_id`.execute(
      t.database.db,
    )
    return r.rows.map((x) => x.record_id)
  }

  async function full(objectName: string, filter: unknown): Promise<string[]> {
    const out: string[] = []
    let cursor: string | undefined
    do {
      const page = await t.kernel.services.records.list(ws.admin, objectName, { filter, limit: 500, cursor })
      out.push(...page.data.map((x) => x.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return out.sort()
  }

  it('after random changes of people and companies, handled in any order and replayed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(1000), { maxLength: 20 }),
        async (ops, order) => {
          for (const op of ops) await apply(op)
          await runListener(order)
          for (const s of segments) {
            expect(await stored(s.id), JSON.stringify(s.filter)).toEqual(await full(s.objectName, s.filter))
          }
        },
      ),
      { numRuns: RUNS },
    )
    // every transition was recorded once, as a history row and an event, and the history replays to the members
    const h = await sql<{
      segment_id: string
      record_id: string
      change: string
    }>`select segment_id, record_id, change
      from segment_history where workspace_id = ${ws.created.workspace.id} order by seq`.execute(
      t.database.db,
    )
    const ev = await sql<{ n: number }>`select count(*)::int as n from outbox_event
      where workspace_id = ${ws.created.workspace.id} and type like 'segment.%'`.execute(t.database.db)
    expect(ev.rows[0]!.n).toBe(h.rows.length)
    const state = new Map<string, string>()
    for (const row of h.rows) {
      const key = `${row.segment_id}:${row.record_id}`
      expect(state.get(key) ?? 'left', key).not.toBe(row.change)
      state.set(key, row.change)
    }
    for (const s of segments) {
      const members = [...state]
        .filter(([k, v]) => k.startsWith(`${s.id}:`) && v === 'entered')
        .map(([k]) => k.split(':')[1]!)
        .sort()
      expect(members).toEqual(await stored(s.id))
    }
  })
})
