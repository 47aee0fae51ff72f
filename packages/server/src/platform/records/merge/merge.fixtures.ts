import { sql } from 'kysely'
import { expect } from 'vitest'
import type { TestKernel, TestWorkspace } from '../../../test/kernel.ts'

/**
 * A workspace shaped for merge tests: a `deal` object pointing at people (a relation and a
 * many-to-many field), people pointing at people (`reports_to`), activities, attachments and follows.
 */

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en })

export async function addMergeObjects(t: TestKernel, ws: TestWorkspace): Promise<void> {
  const call = (method: string, path: string, body: unknown) =>
    t.call(method, path, { token: ws.token, body })
  const o = await call('POST', '/api/v1/metadata/objects', { name: 'deal', label: L('商机', 'Deal') })
  expect(o.status, JSON.stringify(o.body)).toBe(201)
  const fields: [string, string, string, Record<string, unknown>][] = [
    ['deal', 'contact', 'relation', { target: 'person' }],
    ['deal', 'participants', 'many_to_many', { target: 'person' }],
    ['person', 'reports_to', 'relation', { target: 'person' }],
    ['person', 'score', 'number', {}],
    ['person', 'vip', 'boolean', {}],
  ]
  for (const [object, name, type, options] of fields) {
    const f = await call('POST', `/api/v1/metadata/objects/${object}/fields`, {
      name,
      type,
      label: L(name, name),
      options,
    })
    expect(f.status, JSON.stringify(f.body)).toBe(201)
  }
}

export interface Scenario {
  people: [string, string, string]
  outsider: string
  deals: string[]
  activities: string[]
  files: string[]
}

/** Three people (the records to merge) and everything that points at them. */
export async function buildScenario(t: TestKernel, ws: TestWorkspace, tag: string): Promise<Scenario> {
  const post = async (path: string, body: unknown) => {
    // the people are duplicates on purpose: skip the duplicate check of the write path
    const r = await t.call('POST', `${path}?allowDuplicate=true`, { token: ws.token, body })
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  const a = await post('/api/v1/records/person', {
    name: `张伟${tag}`,
    email: `zw${tag}@a.example.com`,
    title: '经理',
    score: 1,
  })
  const b = await post('/api/v1/records/person', {
    name: `張偉${tag}`,
    email: `zw${tag}@b.example.com`,
    mobile: '138-1234-5678',
    vip: false,
    tags: ['重点'],
  })
  const c = await post('/api/v1/records/person', {
    name: `Zhang Wei ${tag}`,
    title: '销售总监',
    address: { province: '330000', city: '330100', text: '杭州' },
    score: 3,
  })
  const outsider = await post('/api/v1/records/person', { name: `李娜${tag}`, reports_to: b.id })
  const deals = []
  for (const [name, contact] of [
    ['d1', a.id],
    ['d2', b.id],
    ['d3', c.id],
  ] as const)
    deals.push((await post('/api/v1/records/deal', { name: `${name}${tag}`, contact })).id as string)
  for (const [deal, person] of [
    [deals[0], a.id],
    [deals[0], b.id],
    [deals[1], c.id],
    [deals[2], outsider.id],
  ])
    await post('/api/v1/records/deal_participants', { from_record: deal, to_record: person })
  const activities = [
    (await post(`/api/v1/records/person/${b.id}/activities`, {
      type: 'note',
      subject: '见面',
      links: [{ object: 'person', id: a.id }],
    })) as { id: string },
    (await post(`/api/v1/records/person/${c.id}/activities`, { type: 'call', subject: '电话' })) as {
      id: string
    },
  ].map((x) => x.id)
  const file = await t.app.request(`/api/v1/records/person/${c.id}/attachments?name=card.txt`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'text/plain' },
    body: `card of ${tag}`,
  })
  expect(file.status).toBe(201)
  const fileId = ((await file.json()) as { id: string }).id
  for (const id of [a.id, b.id])
    expect((await t.call('PUT', `/api/v1/records/person/${id}/follow`, { token: ws.token })).status).toBe(200)
  return { people: [a.id, b.id, c.id], outsider: outsider.id, deals, activities, files: [fileId] }
}

const SYSTEM = new Set(['version', 'updated_at', 'updated_by'])

/**
 * Everything a merge may touch, as comparable JSON: full rows of person, deal and the junction (minus
 * version/updated_*, which move forward with every write), activity links, files, follows, notifications.
 */
export async function stateOf(t: TestKernel, ws: TestWorkspace): Promise<Record<string, unknown[]>> {
  const db = t.database.db
  const schema = (
    await sql<{
      s: string
    }>`select db_schema as s from workspace where id = ${ws.created.workspace.id}`.execute(db)
  ).rows[0]!.s
  const out: Record<string, unknown[]> = {}
  for (const table of ['obj_person', 'obj_deal', 'obj_deal_participants']) {
    const r = await sql<{
      j: Record<string, unknown>
    }>`select to_jsonb(t.*) as j from ${sql.id(schema)}.${sql.id(table)} t
      where workspace_id = ${ws.created.workspace.id} order by id`.execute(db)
    out[table] = r.rows.map((x) => Object.fromEntries(Object.entries(x.j).filter(([k]) => !SYSTEM.has(k))))
  }
  const plain = {
    activity_link: sql`select activity_id, object_name, record_id from activity_link where workspace_id = ${ws.created.workspace.id} order by 1, 2, 3`,
    file: sql`select id, object_name, record_id, field_name from file where workspace_id = ${ws.created.workspace.id} order by id`,
    record_follow: sql`select object_name, record_id, user_id, created_at from record_follow where workspace_id = ${ws.created.workspace.id} order by 1, 2, 3`,
    notification: sql`select id, object_name, record_id from notification where workspace_id = ${ws.created.workspace.id} order by id`,
    search_doc: sql`select object_name, record_id from search_doc where workspace_id = ${ws.created.workspace.id} order by 1, 2`,
  }
  for (const [k, q] of Object.entries(plain)) out[k] = (await q.execute(db)).rows as unknown[]
  return out
}
