import { randomUUID } from 'node:crypto'
import type { EventEnvelope } from '@kemai/shared/api/events.api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { wantedEvents } from './listener.ts'

describe("the automation listener's dispatch check (wants)", () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace

  async function install(definition: unknown, enable = true): Promise<string> {
    const call = (method: string, path: string, body?: unknown) =>
      t.call(method, path, { token: ws.token, body })
    const c = await call('POST', '/api/v1/workflows', { name: `wf ${randomUUID()}`, definition })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    expect((await call('POST', `/api/v1/workflows/${c.body.id}/publish`)).status).toBe(200)
    if (enable) expect((await call('POST', `/api/v1/workflows/${c.body.id}/enable`)).status).toBe(200)
    return c.body.id
  }

  const event = (
    w: TestWorkspace,
    type: string,
    objectName: string,
    payload: Record<string, unknown>,
    recordId: string = randomUUID(),
  ): EventEnvelope =>
    ({
      id: randomUUID(),
      workspaceId: w.admin.workspaceId,
      type,
      objectName,
      recordId,
      actorId: null,
      channel: 'api',
      occurredAt: new Date().toISOString(),
      payload,
    }) as EventEnvelope

  const note = { id: 'n', type: 'add_note', body: '…', next: null }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('wants')
    other = await t.workspace('wants-other')
    await install({
      trigger: { type: 'record_updated', object: 'person', fields: ['department'], changedTo: '销售部' },
      start: 'n',
      steps: [note],
    })
    await install(
      { trigger: { type: 'record_created', object: 'company' }, start: 'n', steps: [note] },
      false,
    )
    // not enabled, but its runs would wait for a company to be deleted: its version still counts
    await install(
      {
        trigger: { type: 'record_updated', object: 'company' },
        start: 'w',
        steps: [
          {
            id: 'w',
            type: 'wait',
            wait: { kind: 'event', event: 'record.deleted', timeoutMinutes: 60, onTimeout: null },
            next: 'n',
          },
          note,
        ],
      },
      false,
    )
  })
  afterAll(async () => {
    await t.close()
  })

  it('keeps the events an enabled published trigger fires on, and the changes runs may wait for', async () => {
    const dept = (to: string, changed = ['department']) => ({ changed, after: { department: to } })
    const cases: [EventEnvelope, boolean][] = [
      [event(ws, 'record.updated', 'person', dept('销售部')), true],
      [event(ws, 'record.updated', 'person', dept('市场部')), false],
      [event(ws, 'record.updated', 'person', dept('销售部', ['name'])), false],
      [event(ws, 'record.updated', 'company', dept('销售部')), false],
      // the workflow on company creation is not enabled
      [event(ws, 'record.created', 'company', { record: {} }), false],
      // another workspace has no workflows
      [event(other, 'record.updated', 'person', dept('销售部')), false],
      // a workflow version waits for a company to be deleted: any company deletion may wake a run, even one
      // whose starting event has not been handled yet
      [event(ws, 'record.deleted', 'company', {}), true],
      [event(ws, 'record.deleted', 'person', {}), false],
      [event(other, 'record.deleted', 'company', {}), false],
    ]
    const keep = await t.database.db.transaction().execute((trx) =>
      wantedEvents(
        trx,
        cases.map(([e]) => e),
      ),
    )
    expect(cases.map(([e]) => keep(e))).toEqual(cases.map(([, want]) => want))
  })
})
