import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'
import { addMergeObjects, buildScenario, stateOf } from './merge.fixtures.ts'

const FIELDS = [
  'name',
  'email',
  'title',
  'mobile',
  'address',
  'tags',
  'score',
  'vip',
  'reports_to',
  'owner_id',
]

describe('merge then unmerge restores the original state', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let n = 0
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('merge-prop')
    await addMergeObjects(t, ws)
  })
  afterAll(async () => {
    await t.close()
  })

  it('for random values, survivors and field choices', async () => {
    const values = fc.record({
      title: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
      score: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }),
      vip: fc.option(fc.boolean(), { nil: null }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(values, values, values),
        fc.integer({ min: 2, max: 3 }),
        fc.nat(2),
        fc.array(fc.option(fc.nat(2), { nil: undefined }), {
          minLength: FIELDS.length,
          maxLength: FIELDS.length,
        }),
        async (vals, size, survivorAt, picks) => {
          const s = await buildScenario(t, ws, `p${n++}`)
          const ids = s.people.slice(0, size)
          for (const [i, id] of ids.entries()) {
            const r = await t.call('PATCH', `/api/v1/records/person/${id}?allowDuplicate=true`, {
              token: ws.token,
              body: { ...vals[i]!, reports_to: i === 0 ? s.outsider : null },
            })
            expect(r.status, JSON.stringify(r.body)).toBe(200)
          }
          const before = await stateOf(t, ws)
          const fields: Record<string, string> = {}
          FIELDS.forEach((f, i) => {
            const k = picks[i]
            if (k !== undefined) fields[f] = ids[k % size]!
          })
          const m = await t.call('POST', '/api/v1/records/person/merge', {
            token: ws.token,
            body: { ids, survivorId: ids[survivorAt % size], fields },
          })
          expect(m.status, JSON.stringify(m.body)).toBe(200)
          const u = await t.call('POST', `/api/v1/merges/${m.body.merge.id}/undo`, {
            token: ws.token,
            body: {},
          })
          expect(u.status, JSON.stringify(u.body)).toBe(200)
          expect(await stateOf(t, ws)).toEqual(before)
        },
      ),
      { numRuns: 12 },
    )
  }, 300_000)
})
