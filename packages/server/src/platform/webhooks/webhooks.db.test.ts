import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DeliveryDto } from '@kemai/shared/api/webhooks.api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import { actorOf, addUser, makeWorkspace, useFastPasswordHashing } from '../access/access.fixtures.ts'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../db/connect.ts'
import { newId } from '../db/ids.ts'
import { withWorkspace } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { appendEvent } from '../events/outbox.ts'
import { type EventsRuntime, startEvents } from '../events/start-events.ts'
import { waitFor } from '../events/test-support.ts'
import { createWebhookDelivery } from './delivery.ts'
import { createWebhookService, type WebhookService } from './service.ts'
import { verifyWebhook } from './signature.ts'

interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/** A subscriber on 127.0.0.1: each path answers with the next status of its script (the last repeats). */
function startReceiver() {
  const received: Received[] = []
  const scripts = new Map<string, number[]>()
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => {
      body += c.toString()
    })
    req.on('end', () => {
      const path = req.url ?? '/'
      received.push({ path, headers: req.headers, body })
      if (path === '/slow') {
        setTimeout(() => res.end('late'), 5000)
        return
      }
      const script = scripts.get(path) ?? [200]
      const status = script.length > 1 ? script.shift()! : script[0]!
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(`${status} ${'x'.repeat(5000)}`)
    })
  })
  return {
    received,
    scripts,
    server,
    async listen(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    },
  }
}

describe('webhooks', () => {
  let t: Database
  let ev: EventsRuntime
  let svc: WebhookService
  let admin: Actor
  let rep: Actor
  let other: Actor
  let base: string
  const rx = startReceiver()

  beforeAll(async () => {
    useFastPasswordHashing()
    t = await createTestDb()
    const a = await makeWorkspace(t.db, 'hooks-a')
    const b = await makeWorkspace(t.db, 'hooks-b')
    admin = await actorOf(t.db, a.workspace.id, a.owner.id)
    rep = await actorOf(
      t.db,
      a.workspace.id,
      await addUser(t.db, a.workspace.id, { name: 'Rep', roleId: a.roles.salesRep }),
    )
    other = await actorOf(t.db, b.workspace.id, b.owner.id)
    base = await rx.listen()
    svc = createWebhookService({ db: t.db })
    const delivery = createWebhookDelivery({
      db: t.db,
      config: { retrySchedule: [1, 1], timeoutMs: 2000, allowPrivateNetworks: true },
    })
    ev = await startEvents({
      db: t.db,
      pool: t.pool,
      kind: t.kind,
      listeners: [delivery.listener],
      jobs: [delivery.job],
      boss: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
      onError: () => {},
    })
  })
  afterAll(async () => {
    await ev?.stop()
    rx.server.closeAllConnections()
    await new Promise((r) => rx.server.close(r))
    await t?.close()
  })

  async function emit(
    actor: Actor,
    type: string,
    objectName: string | null,
    payload: Record<string, unknown> = {},
  ) {
    const e = await withWorkspace(t.db, actor.workspaceId, (trx) =>
      appendEvent(trx, {
        workspaceId: actor.workspaceId,
        type,
        objectName,
        recordId: newId(),
        actorId: actor.userId,
        payload,
      }),
    )
    ev.notify()
    return e.id
  }

  async function settled(hookId: string, n: number): Promise<DeliveryDto[]> {
    return (
      await waitFor(
        () => svc.listDeliveries(admin, hookId),
        (p) => p.data.length === n && p.data.every((d) => d.status !== 'pending'),
      )
    ).data
  }

  it('creates a webhook with a server-generated secret shown once; lists it without the secret', async () => {
    const created = await svc.create(admin, { url: `${base}/ok`, eventTypes: ['record.created'] })
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    const listed = (await svc.list(admin)).find((w) => w.id === created.id)
    expect(listed).toMatchObject({
      url: `${base}/ok`,
      eventTypes: ['record.created'],
      objectNames: null,
      isActive: true,
    })
    expect(listed).not.toHaveProperty('secret')
    await svc.remove(admin, created.id)
  })

  it('refuses URLs that are not http(s), and non-admins', async () => {
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      const err = await svc.create(admin, { url, eventTypes: ['*'] }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).issues).toEqual([{ path: 'url', code: 'invalid_url' }])
    }
    const bad = await svc
      .create(admin, { url: `${base}/ok`, eventTypes: ['Not A Type'] })
      .catch((e: unknown) => e)
    expect((bad as AppError).issues[0]?.path).toBe('eventTypes.0')
    await expect(svc.create(rep, { url: `${base}/ok`, eventTypes: ['*'] })).rejects.toMatchObject({
      code: 'forbidden',
    })
    await expect(svc.list(rep)).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('delivers a signed POST that verifies with the secret', async () => {
    const hook = await svc.create(admin, { url: `${base}/signed`, eventTypes: ['record.created'] })
    const eventId = await emit(admin, 'record.created', 'person', { record: { name: '张伟' } })
    const [d] = await settled(hook.id, 1)
    expect(d).toMatchObject({
      eventId,
      eventType: 'record.created',
      status: 'succeeded',
      attempt: 1,
      responseStatus: 200,
    })
    expect(d!.attempts).toHaveLength(1)
    expect(d!.attempts[0]!.responseBody).toHaveLength(2000)
    const req = rx.received.find((r) => r.path === '/signed')!
    expect(req.headers['x-kemai-event']).toBe('record.created')
    expect(req.headers['x-kemai-delivery']).toBe(d!.id)
    expect(req.headers['content-type']).toBe('application/json')
    const headers = {
      signature: req.headers['x-kemai-signature'] as string,
      timestamp: req.headers['x-kemai-timestamp'] as string,
    }
    expect(verifyWebhook(hook.secret, headers, req.body)).toBe(true)
    expect(verifyWebhook(hook.secret, headers, req.body.replace('张伟', '李娜'))).toBe(false)
    expect(verifyWebhook('whsec_wrong', headers, req.body)).toBe(false)
    const body = JSON.parse(req.body)
    expect(body).toMatchObject({
      id: eventId,
      type: 'record.created',
      objectName: 'person',
      payload: { record: { name: '张伟' } },
    })
    expect(body).not.toHaveProperty('seq')
    await svc.remove(admin, hook.id)
  })

  it('retries after a 500 and then succeeds', async () => {
    rx.scripts.set('/flaky', [500, 200])
    const hook = await svc.create(admin, { url: `${base}/flaky`, eventTypes: ['record.*'] })
    await emit(admin, 'record.updated', 'person', {
      changed: ['name'],
      before: { name: 'a' },
      after: { name: 'b' },
    })
    const [d] = await settled(hook.id, 1)
    expect(d).toMatchObject({ status: 'succeeded', attempt: 2, responseStatus: 200, nextAttemptAt: null })
    expect(d!.attempts.map((a) => [a.attempt, a.responseStatus, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 200, null],
    ])
    // the same delivery id and body on both attempts
    const reqs = rx.received.filter((r) => r.path === '/flaky')
    expect(new Set(reqs.map((r) => r.headers['x-kemai-delivery']))).toEqual(new Set([d!.id]))
    expect(reqs[0]!.body).toBe(reqs[1]!.body)
    await svc.remove(admin, hook.id)
  })

  it('gives up after the last retry, then a manual redelivery sends it once more', async () => {
    rx.scripts.set('/down', [500])
    const hook = await svc.create(admin, { url: `${base}/down`, eventTypes: ['deal.won'] })
    await emit(admin, 'deal.won', 'deal', { amount: '100.00' })
    const [d] = await settled(hook.id, 1)
    expect(d).toMatchObject({ status: 'failed', attempt: 3, responseStatus: 500, nextAttemptAt: null })
    expect(d!.attempts.map((a) => a.attempt)).toEqual([1, 2, 3])

    rx.scripts.set('/down', [200])
    const again = await svc.redeliver(admin, hook.id, d!.id)
    expect(again.status).toBe('pending')
    // a delivery waiting for its attempt cannot be redelivered twice
    await expect(svc.redeliver(admin, hook.id, d!.id)).rejects.toMatchObject({ code: 'conflict' })
    const [after] = await settled(hook.id, 1)
    expect(after).toMatchObject({ status: 'succeeded', attempt: 4, responseStatus: 200 })
    expect(after!.attempts.map((a) => [a.attempt, a.manual, a.responseStatus])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, false, 500],
      [4, true, 200],
    ])
    await svc.remove(admin, hook.id)
  })

  it('a timeout is a failed attempt', async () => {
    const hook = await svc.create(admin, { url: `${base}/slow`, eventTypes: ['slow.event'] })
    await emit(admin, 'slow.event', null)
    const d = (
      await waitFor(
        () => svc.listDeliveries(admin, hook.id),
        (p) => (p.data[0]?.attempts.length ?? 0) >= 1,
      )
    ).data[0]!
    expect(d.attempts[0]).toMatchObject({ responseStatus: null, error: 'timeout after 2000 ms' })
    expect(d.attempts[0]!.durationMs).toBeGreaterThanOrEqual(1900)
    await svc.update(admin, hook.id, { isActive: false })
    await svc.remove(admin, hook.id)
  })

  it('filters by event type and object; inactive webhooks and other workspaces get nothing', async () => {
    const updatesOfCompanies = await svc.create(admin, {
      url: `${base}/companies`,
      eventTypes: ['record.updated'],
      objectNames: ['company'],
    })
    const allRecords = await svc.create(admin, { url: `${base}/records`, eventTypes: ['record.*'] })
    const inactive = await svc.create(admin, { url: `${base}/inactive`, eventTypes: ['*'], isActive: false })
    const otherWs = await svc.create(other, { url: `${base}/other`, eventTypes: ['*'] })
    const upd = { changed: ['name'], before: { name: 'a' }, after: { name: 'b' } }
    const created = await emit(admin, 'record.created', 'company', { record: {} })
    const updLead = await emit(admin, 'record.updated', 'lead', upd)
    const updCompany = await emit(admin, 'record.updated', 'company', upd)
    await emit(admin, 'records.merged', 'company', { survivorId: newId(), mergedIds: [newId()] })
    await emit(admin, 'opportunity.won', 'opportunity', {})

    expect((await settled(updatesOfCompanies.id, 1)).map((d) => d.eventId)).toEqual([updCompany])
    expect((await settled(allRecords.id, 3)).map((d) => d.eventId).sort()).toEqual(
      [created, updLead, updCompany].sort(),
    )
    await ev.dispatchOnce()
    expect((await svc.listDeliveries(admin, inactive.id)).data).toEqual([])
    // other workspace: its webhook saw none of these events, and workspace A cannot see that webhook
    expect((await svc.listDeliveries(other, otherWs.id)).data).toEqual([])
    await expect(svc.listDeliveries(admin, otherWs.id)).rejects.toMatchObject({ code: 'not_found' })
    await expect(svc.update(admin, otherWs.id, { isActive: false })).rejects.toMatchObject({
      code: 'not_found',
    })
    expect((await svc.list(admin)).map((w) => w.id)).not.toContain(otherWs.id)
  })

  it('rotating the secret returns the new one; updates and deletes are audited', async () => {
    const hook = await svc.create(admin, { url: `${base}/rotate`, eventTypes: ['*'] })
    const rotated = await svc.update(admin, hook.id, { rotateSecret: true, description: '财务系统' })
    expect('secret' in rotated && rotated.secret).toMatch(/^whsec_/)
    expect('secret' in rotated && rotated.secret).not.toBe(hook.secret)
    expect(rotated.description).toBe('财务系统')
    const plain = await svc.update(admin, hook.id, { eventTypes: ['record.created', 'record.created'] })
    expect(plain).not.toHaveProperty('secret')
    expect(plain.eventTypes).toEqual(['record.created'])
    await svc.remove(admin, hook.id)
    await expect(svc.remove(admin, hook.id)).rejects.toMatchObject({ code: 'not_found' })
    const log = await withWorkspace(t.db, admin.workspaceId, (trx) =>
      trx
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('target_id', '=', hook.id)
        .orderBy('id')
        .execute(),
    )
    expect(log.map((l) => l.action)).toEqual([
      'webhook.created',
      'webhook.updated',
      'webhook.updated',
      'webhook.deleted',
    ])
    expect(JSON.stringify(log)).not.toContain('whsec_')
  })
})
