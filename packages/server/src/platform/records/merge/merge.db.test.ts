import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'
import { newId } from '../../db/ids.ts'
import { addMergeObjects, buildScenario, type Scenario, stateOf } from './merge.fixtures.ts'

describe('merge and unmerge of records', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  let n = 0
  const call = (method: string, path: string, body?: unknown, token = ws.token) =>
    t.call(method, path, { token, body })

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('merge')
    other = await t.workspace('merge-other')
    await addMergeObjects(t, ws)
  })
  afterAll(async () => {
    await t.close()
  })

  async function scenario(): Promise<Scenario> {
    const s = await buildScenario(t, ws, `#${n++}`)
    // a notification about B (normally written by the notifications listener)
    await sql`insert into notification (workspace_id, id, user_id, kind, object_name, record_id, title)
      values (${ws.created.workspace.id}, ${newId()}, ${ws.created.owner.id}, 'assigned', 'person',
        ${s.people[1]}, 'B')`.execute(t.database.db)
    return s
  }

  const events = async (type: string, recordId: string) =>
    (
      await sql<{
        n: number
      }>`select count(*)::int as n from outbox_event where workspace_id = ${ws.created.workspace.id}
        and type = ${type} and record_id = ${recordId}`.execute(t.database.db)
    ).rows[0]!.n

  it('previews, merges three people with everything that points at them, and unmerges exactly', async () => {
    const s = await scenario()
    const [a, b, c] = s.people
    const before = await stateOf(t, ws)

    const p = await call('GET', `/api/v1/records/person/merge/preview?ids=${a},${b},${c}`)
    expect(p.status, JSON.stringify(p.body)).toBe(200)
    expect(p.body.records.map((r: { id: string }) => r.id)).toEqual([a, b, c])
    expect(p.body.survivorId).toBe(a)
    const field = (name: string) => p.body.fields.find((f: { name: string }) => f.name === name)
    // newest non-empty: C was created last, so its title wins over A's; only B has a mobile
    expect(field('title')).toMatchObject({ default: c, differs: true, editable: true })
    expect(field('mobile')).toMatchObject({ default: b })
    expect(p.body.related[b]).toEqual(
      expect.arrayContaining([
        { kind: 'relation', object: 'deal', field: 'contact', count: 1 },
        { kind: 'relation', object: 'deal_participants', field: 'to_record', count: 1 },
        { kind: 'relation', object: 'person', field: 'reports_to', count: 1 },
        { kind: 'activity', count: 1 },
        { kind: 'follow', count: 1 },
      ]),
    )
    expect(p.body.related[c]).toEqual(expect.arrayContaining([{ kind: 'file', count: 1 }]))

    const m = await call('POST', '/api/v1/records/person/merge', {
      ids: [a, b, c],
      survivorId: a,
      fields: { email: b, name: a },
      versions: p.body.versions,
    })
    expect(m.status, JSON.stringify(m.body)).toBe(200)
    expect(m.body.record).toMatchObject({
      id: a,
      email: expect.stringContaining('@b.example.com'),
      mobile: '+8613812345678',
      title: '销售总监',
      score: 3,
      vip: false,
      tags: ['重点'],
    })
    expect(m.body.merge).toMatchObject({
      survivorId: a,
      loserIds: [b, c],
      undoable: true,
      counts: { relations: 4, droppedLinks: 1, activities: 2, files: 1, follows: 1, notifications: 1 },
    })
    const mergeId = m.body.merge.id

    // the losers are gone and say where they went
    const gone = await call('GET', `/api/v1/records/person/${b}`)
    expect(gone.status).toBe(404)
    expect(gone.body).toMatchObject({ code: 'record_merged', mergedInto: { id: a, mergeId } })
    // everything that pointed at B or C points at A
    const deals = await call(
      'GET',
      `/api/v1/records/deal?filter=${encodeURIComponent(JSON.stringify({ field: 'contact', op: 'eq', value: a }))}`,
    )
    expect(deals.body.data.map((d: { id: string }) => d.id).sort()).toEqual([...s.deals].sort())
    const outsider = await call('GET', `/api/v1/records/person/${s.outsider}`)
    expect(outsider.body.reports_to).toBe(a)
    const after = await stateOf(t, ws)
    const links = (after.obj_deal_participants as { to_record: string; deleted_at: string | null }[]).filter(
      (r) => r.deleted_at === null && [a, b, c].includes(r.to_record),
    )
    // d1↔A stays, d1↔B was a copy of it (dropped), d2↔C became d2↔A
    expect(links.map((l) => l.to_record)).toEqual([a, a])
    expect(
      (after.activity_link as { record_id: string }[]).filter((l) => [b, c].includes(l.record_id)),
    ).toEqual([])
    expect(
      (after.file as { id: string; record_id: string }[]).find((f) => f.id === s.files[0])?.record_id,
    ).toBe(a)
    expect((after.notification as { record_id: string }[]).some((x) => x.record_id === b)).toBe(false)
    const tl = await call('GET', `/api/v1/records/person/${a}/timeline`)
    expect(tl.body.data.map((i: { activity?: { subject: string } }) => i.activity?.subject)).toEqual(
      expect.arrayContaining(['见面', '电话']),
    )
    expect(
      tl.body.data.find((i: { change?: { field: string } }) => i.change?.field === 'email').change.channel,
    ).toBe('merge')
    expect(await events('records.merged', a)).toBe(1)
    const auditRows = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where workspace_id = ${ws.created.workspace.id} and action = 'records.merged' and target_id = ${a}`.execute(
      t.database.db,
    )
    expect(auditRows.rows[0]!.n).toBe(1)
    const search = await call('GET', `/api/v1/search?q=${encodeURIComponent('Zhang Wei')}`)
    expect(JSON.stringify(search.body)).not.toContain(c)

    const hist = await call('GET', `/api/v1/records/person/${b}/merges`)
    expect(hist.status).toBe(200)
    expect(hist.body.data.map((x: { id: string }) => x.id)).toEqual([mergeId])

    const u = await call('POST', `/api/v1/merges/${mergeId}/undo`, {})
    expect(u.status, JSON.stringify(u.body)).toBe(200)
    expect(u.body.restored.sort()).toEqual([b, c].sort())
    expect(u.body.conflicts).toEqual([])
    expect(await stateOf(t, ws)).toEqual(before)
    expect(await events('records.unmerged', a)).toBe(1)
    expect((await call('GET', `/api/v1/records/person/${b}`)).status).toBe(200)

    const again = await call('POST', `/api/v1/merges/${mergeId}/undo`)
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('merge_undone')
    const h2 = await call('GET', `/api/v1/records/person/${a}/merges`)
    expect(h2.body.data[0]).toMatchObject({ id: mergeId, undoable: false, undoneBy: ws.created.owner.id })
  })

  it('refuses an unmerge after the survivor or a moved row changed, or restores the rest with force', async () => {
    const s = await scenario()
    const [a, b] = s.people
    const m = await call('POST', '/api/v1/records/person/merge', {
      ids: [a, b],
      survivorId: a,
      fields: { email: b },
    })
    expect(m.status, JSON.stringify(m.body)).toBe(200)
    const id = m.body.merge.id
    const edit = await call('PATCH', `/api/v1/records/person/${a}?allowDuplicate=true`, {
      email: 'new@x.example.com',
    })
    expect(edit.status, JSON.stringify(edit.body)).toBe(200)
    expect((await call('PATCH', `/api/v1/records/person/${s.outsider}`, { reports_to: null })).status).toBe(
      200,
    )
    const refused = await call('POST', `/api/v1/merges/${id}/undo`)
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('merge_conflict')
    expect(refused.body.conflicts).toEqual(
      expect.arrayContaining([
        { kind: 'field', object: 'person', id: a, field: 'email' },
        { kind: 'relation', object: 'person', id: s.outsider, field: 'reports_to' },
      ]),
    )
    // nothing happened
    expect((await call('GET', `/api/v1/records/person/${b}`)).status).toBe(404)
    const forced = await call('POST', `/api/v1/merges/${id}/undo`, { force: true })
    expect(forced.status, JSON.stringify(forced.body)).toBe(200)
    expect(forced.body.conflicts).toHaveLength(2)
    expect((await call('GET', `/api/v1/records/person/${a}`)).body.email).toBe('new@x.example.com')
    expect((await call('GET', `/api/v1/records/person/${b}`)).status).toBe(200)
    const deal = await call('GET', `/api/v1/records/deal/${s.deals[1]}`)
    expect(deal.body.contact).toBe(b)
    expect((await call('GET', `/api/v1/records/person/${a}/merges`)).body.data[0].undoConflicts).toHaveLength(
      2,
    )
  })

  it('answers 410 after the undo period and 409 when the survivor was merged again', async () => {
    const s = await scenario()
    const [a, b, c] = s.people
    const m1 = await call('POST', '/api/v1/records/person/merge', { ids: [a, b], survivorId: a })
    await sql`update record_merge set expires_at = now() - interval '1 day'
      where workspace_id = ${ws.created.workspace.id} and id = ${m1.body.merge.id}`.execute(t.database.db)
    const late = await call('POST', `/api/v1/merges/${m1.body.merge.id}/undo`)
    expect(late.status).toBe(410)
    expect(late.body).toMatchObject({ code: 'merge_expired', title: expect.stringContaining('30') })
    const m2 = await call('POST', '/api/v1/records/person/merge', { ids: [c, a], survivorId: c })
    expect(m2.status).toBe(200)
    // B now lives on in C, two merges away
    expect((await call('GET', `/api/v1/records/person/${b}`)).body.mergedInto.id).toBe(c)
    await sql`update record_merge set expires_at = now() + interval '1 day'
      where workspace_id = ${ws.created.workspace.id} and id = ${m1.body.merge.id}`.execute(t.database.db)
    const blocked = await call('POST', `/api/v1/merges/${m1.body.merge.id}/undo`)
    expect(blocked.status).toBe(409)
    expect(blocked.body).toMatchObject({ code: 'merge_blocked', mergedInto: { mergeId: m2.body.merge.id } })
  })

  it('rejects bad input with a code and a path, and changes nothing', async () => {
    const s = await scenario()
    const [a, b, c] = s.people
    const before = await stateOf(t, ws)
    const cases: [unknown, number, string, string?][] = [
      [{ ids: [a], survivorId: a }, 400, 'validation_failed', 'ids'],
      [{ ids: [a, b, c, a, b, c], survivorId: a }, 400, 'validation_failed', 'ids'],
      [{ ids: [a, a], survivorId: a }, 400, 'validation_failed', 'ids.1'],
      [{ ids: [a, 'x'], survivorId: a }, 400, 'validation_failed', 'ids.1'],
      [{ ids: [a, b], survivorId: c }, 400, 'validation_failed', 'survivorId'],
      [{ ids: [a, b], survivorId: a, fields: { nope: a } }, 400, 'validation_failed', 'fields.nope'],
      [{ ids: [a, b], survivorId: a, fields: { name: c } }, 400, 'validation_failed', 'fields.name'],
      [{ ids: [a, s.deals[0]], survivorId: a }, 404, 'record_not_found', 'ids.1'],
      [{ ids: [a, b], survivorId: a, versions: { [b]: 99 } }, 409, 'version_conflict', `versions.${b}`],
      ['{"ids":', 400, 'invalid_json'],
      [{ ids: [a, b], survivorId: a, fields: { ['x'.repeat(100)]: a } }, 400, 'validation_failed'],
    ]
    for (const [body, status, code, path] of cases) {
      const r = await call('POST', '/api/v1/records/person/merge', body)
      expect(r.status, JSON.stringify([body, r.body]).slice(0, 300)).toBe(status)
      expect(r.body.code).toBe(code)
      if (path) expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    }
    // a deleted record is not found; so is an id of another workspace
    expect((await call('DELETE', `/api/v1/records/person/${c}`)).status).toBe(200)
    const del = await call('POST', '/api/v1/records/person/merge', { ids: [a, c], survivorId: a })
    expect([del.status, del.body.errors[0].path]).toEqual([404, 'ids.1'])
    expect((await call('POST', `/api/v1/records/person/${c}/restore`)).status).toBe(200)
    const foreign = await call('POST', '/api/v1/records/person', { name: '外人' }, other.token)
    const x = await call('POST', '/api/v1/records/person/merge', { ids: [a, foreign.body.id], survivorId: a })
    expect([x.status, x.body.code]).toEqual([404, 'record_not_found'])
    const junction = await call('POST', '/api/v1/records/deal_participants/merge', {
      ids: [a, b],
      survivorId: a,
    })
    expect(junction.status).toBe(400)
    expect((await call('POST', '/api/v1/merges/not-a-uuid/undo')).status).toBe(404)
    expect((await call('POST', `/api/v1/merges/${newId()}/undo`)).status).toBe(404)
    expect((await call('GET', '/api/v1/records/person/merge/preview?ids=nope')).status).toBe(400)
    // the delete/restore round trip of C left every row as it was
    expect(await stateOf(t, ws)).toEqual(before)
  })

  it('documents its routes in OpenAPI', async () => {
    const doc = await call('GET', '/api/openapi.json')
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/records/{object}/merge/preview',
        '/api/v1/records/{object}/merge',
        '/api/v1/merges/{mergeId}/undo',
        '/api/v1/records/{object}/{id}/merges',
      ]),
    )
  })

  it('needs edit rights on every record, and keeps workspaces apart', async () => {
    const s = await scenario()
    const [a, b] = s.people
    const role = await call('POST', '/api/v1/roles', { name: 'own people' })
    await call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      create: true,
      read: true,
      update: true,
      delete: true,
      readScope: 'all',
      writeScope: 'own',
    })
    const email = `rep-${Date.now()}@merge.example.com`
    await call('POST', '/api/v1/users', {
      email,
      name: '销售',
      password: 'merge password 1',
      roleId: role.body.id,
    })
    const rep = (
      await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'merge password 1' } })
    ).body.token as string
    const mine = await call('POST', '/api/v1/records/person', { name: '我的' }, rep)
    const r = await call(
      'POST',
      '/api/v1/records/person/merge',
      { ids: [mine.body.id, a], survivorId: mine.body.id },
      rep,
    )
    expect(r.status).toBe(403)
    expect(r.body.errors[0].path).toBe('ids.1')
    // another workspace sees neither the records nor the merge
    const m = await call('POST', '/api/v1/records/person/merge', { ids: [a, b], survivorId: a })
    expect((await call('POST', `/api/v1/merges/${m.body.merge.id}/undo`, {}, other.token)).status).toBe(404)
    expect((await call('GET', `/api/v1/records/person/${b}/merges`, undefined, other.token)).status).toBe(404)
    const x = await call('GET', `/api/v1/records/person/${b}`, undefined, other.token)
    expect([x.status, x.body.code]).toEqual([404, 'record_not_found'])
    // the rep may read but not undo a merge of records they cannot edit
    expect((await call('POST', `/api/v1/merges/${m.body.merge.id}/undo`, {}, rep)).status).toBe(403)
  })
})
