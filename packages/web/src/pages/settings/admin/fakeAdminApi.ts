import { vi } from 'vitest'
import { companyMeta, me, personMeta } from '../../../test/fixtures.ts'
import type { ApiKey, Delivery, Role, Team, User, Webhook } from './api.ts'

/**
 * The administration API in memory, in front of `fetch`, in the shapes the server answers (for the
 * component tests of this folder). `answer` can reply first (e.g. with a problem); every call is kept.
 */

export interface Call {
  method: string
  path: string
  body: unknown
}
type Answer = { status: number; body?: unknown } | undefined

const at = '2026-12-05T02:03:38.294Z'
let n = 0
export const uuid = () => `01a243f1-0000-7000-8000-${String(++n).padStart(12, '0')}`

export function problem(
  status: number,
  code: string,
  title: string,
  errors: { path: string; code: string; message: string }[] = [],
) {
  return { status, body: { type: `https://kemai.dev/problems/${code}`, title, status, code, errors } }
}

export const repRole: Role = {
  id: uuid(),
  name: '销售代表',
  description: null,
  isAdmin: false,
  userCount: 1,
  createdAt: at,
  grants: [
    {
      object: '*',
      create: true,
      read: true,
      update: true,
      delete: false,
      readScope: 'own',
      writeScope: 'own',
      fields: {},
    },
  ],
}
export const adminRole: Role = { ...repRole, id: uuid(), name: '管理员', isAdmin: true, grants: [] }

export function seed() {
  const users: User[] = [{ ...me.user, roleId: adminRole.id }]
  const root: Team = { id: uuid(), name: '公司', parentId: null, path: '', memberCount: 1, createdAt: at }
  root.path = `/${root.id}/`
  return {
    users,
    teams: [root],
    members: new Map<string, { userId: string; isManager: boolean }[]>([
      [root.id, [{ userId: me.user.id, isManager: true }]],
    ]),
    roles: [adminRole, structuredClone(repRole)],
    keys: [] as ApiKey[],
    webhooks: [] as Webhook[],
    deliveries: [] as Delivery[],
  }
}

export function fakeAdminApi(answer: (c: Call) => Answer = () => undefined, db = seed()) {
  const calls: Call[] = []
  const json = (status: number, body?: unknown) =>
    new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  const notFound = () => json(404, problem(404, 'not_found', '资源不存在').body)

  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    }
    calls.push(call)
    const { method, path } = call
    const body = (call.body ?? {}) as Record<string, unknown>
    if (path === '/api/v1/auth/me') return json(200, me)
    if (path === '/api/v1/metadata/objects') return json(200, { data: [companyMeta, personMeta] })
    const custom = answer(call)
    if (custom) return json(custom.status, custom.body)
    const seg = path.split('/').slice(3) // after /api/v1
    const [area, id, sub, subId, action] = seg

    if (area === 'users') {
      if (!id && method === 'GET')
        return json(200, {
          data: db.users.filter((u) => u.isActive || url.searchParams.get('includeInactive') === 'true'),
        })
      if (!id && method === 'POST') {
        const u: User = {
          id: uuid(),
          email: String(body.email),
          name: String(body.name),
          locale: (body.locale as User['locale']) ?? 'zh-CN',
          roleId: (body.roleId as string | null) ?? null,
          isActive: true,
          isOwner: false,
          createdAt: at,
        }
        db.users.push(u)
        return json(201, u)
      }
      const u = db.users.find((x) => x.id === id)
      if (!u) return notFound()
      if (method === 'PATCH') {
        const { password: _p, ...rest } = body
        Object.assign(u, rest)
        return json(200, u)
      }
      if (method === 'DELETE') {
        u.isActive = false
        return json(204)
      }
    }
    if (area === 'teams') {
      if (!id && method === 'GET') return json(200, { data: db.teams })
      const team = db.teams.find((x) => x.id === id)
      if (!team) return notFound()
      if (sub === 'members') {
        const list = db.members.get(team.id) ?? []
        if (method === 'GET') return json(200, { data: list })
        const rest = list.filter((m) => m.userId !== subId)
        if (method === 'PUT') rest.push({ userId: String(subId), isManager: Boolean(body.isManager) })
        db.members.set(team.id, rest)
        team.memberCount = rest.length
        return json(204)
      }
    }
    if (area === 'roles') {
      if (!id && method === 'GET') return json(200, { data: db.roles })
      const role = db.roles.find((r) => r.id === id)
      if (!role) return notFound()
      if (!sub && method === 'GET') return json(200, role)
      if (sub === 'grants' && subId) {
        const object = decodeURIComponent(subId)
        role.grants = role.grants.filter((g) => g.object !== object)
        if (method === 'PUT')
          role.grants.push({ ...(body as Omit<Role['grants'][number], 'object'>), object })
        return method === 'PUT' ? json(200, role) : json(204)
      }
    }
    if (area === 'api-keys') {
      if (!id && method === 'GET') return json(200, { data: db.keys })
      if (!id && method === 'POST') {
        const prefix = 'a1b2c3d4'
        const k: ApiKey = {
          id: uuid(),
          name: String(body.name),
          prefix,
          scopes: body.scopes as ApiKey['scopes'],
          userId: me.user.id,
          createdAt: at,
          lastUsedAt: null,
          revokedAt: null,
        }
        db.keys.unshift(k)
        return json(201, { ...k, key: `kemai_${prefix}_c2VjcmV0LXNob3duLW9uY2Utb25seS10aGlzLW9uZQ` })
      }
      const k = db.keys.find((x) => x.id === id)
      if (!k) return notFound()
      if (method === 'DELETE') {
        k.revokedAt = at
        return json(200, k)
      }
    }
    if (area === 'webhooks') {
      if (!id && method === 'GET') return json(200, { data: db.webhooks })
      const w = db.webhooks.find((x) => x.id === id)
      if (!w) return notFound()
      if (sub === 'deliveries' && !subId)
        return json(200, { data: db.deliveries.filter((d) => d.webhookId === w.id), nextCursor: null })
      if (sub === 'deliveries' && action === 'redeliver') {
        const d = db.deliveries.find((x) => x.id === subId)
        if (!d) return notFound()
        Object.assign(d, { status: 'pending', nextAttemptAt: at })
        return json(202, d)
      }
    }
    if (area === 'audit-log') return json(200, { data: [], nextCursor: null })
    return notFound()
  })
  return { calls, db }
}
