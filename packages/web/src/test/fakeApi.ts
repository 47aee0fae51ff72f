import type { TimelineItem } from '@kemai/shared/api/records.api'
import type { Problem } from '@kemai/shared/errors'
import type { ObjectDef } from '@kemai/shared/fields'
import type { Filter } from '@kemai/shared/query/ast'
import { createEvaluator } from '@kemai/shared/query/evaluate'
import { vi } from 'vitest'
import type { ObjectMeta, RecordDto, SavedView } from '../platform/endpoints.ts'
import { me } from './fixtures.ts'

export interface FakeRequest {
  method: string
  path: string
  query: URLSearchParams
  body: unknown
  headers: Record<string, string>
}

interface Options {
  objects: ObjectMeta[]
  records?: Record<string, RecordDto[]>
  /** answer a create; default: store it and answer 201 */
  onCreate?: (object: string, body: Record<string, unknown>) => { status: number; body: unknown }
  /** timeline items by record id */
  timeline?: Record<string, TimelineItem[]>
  /** answer a list call before the fake does (e.g. a problem) */
  onList?: (object: string, req: FakeRequest) => { status: number; body: unknown } | undefined
  /** answer a PATCH before the fake applies it (e.g. a 409) */
  onUpdate?: (object: string, req: FakeRequest) => { status: number; body: unknown } | undefined
  /** saved views (`/api/v1/views`) */
  views?: FakeView[]
  /** who `/auth/me` says is signed in (default: the admin of fixtures.ts) */
  me?: typeof me
  /** answer any request before the fake does (endpoints it does not model: batch, restore, exports…) */
  onRequest?: (req: FakeRequest) => { status: number; body: unknown } | undefined
}

export type FakeView = SavedView

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } })

export function problem(status: number, code: string, title: string, errors: Problem['errors'] = []) {
  return { status, body: { type: `https://kemai.dev/problems/${code}`, title, status, code, errors } }
}

/**
 * The records API in memory, in front of `fetch`: lists evaluate the filter AST with the shared
 * in-memory evaluator (the same semantics as the server's SQL), sort, and page by cursor.
 */
export function fakeApi(opts: Options) {
  const requests: FakeRequest[] = []
  const store = new Map(Object.entries(opts.records ?? {}).map(([k, v]) => [k, [...v]]))
  const views: FakeView[] = [...(opts.views ?? [])]
  const timelines = new Map(Object.entries(opts.timeline ?? {}).map(([k, v]) => [k, [...v]]))
  const byName = new Map(opts.objects.map((o) => [o.name, o as unknown as ObjectDef]))

  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const headers = Object.fromEntries(Object.entries((init?.headers as Record<string, string>) ?? {}))
    // JSON bodies are parsed; a raw body (an upload's File) is passed on as it is
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : (init?.body ?? undefined)
    const req: FakeRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body,
      headers,
    }
    requests.push(req)
    const own = opts.onRequest?.(req)
    if (own?.status === 204) return new Response(null, { status: 204 })
    if (own)
      return json(own.status, own.body, own.status >= 400 ? 'application/problem+json' : 'application/json')
    const rel = /^\/api\/v1\/records\/([^/]+)\/([^/]+)\/related\/([^/]+)$/.exec(url.pathname)
    if (rel) {
      // the inverse list: records of the inverse's object whose relation field holds this id
      const [, object = '', id, name] = rel
      const inv = opts.objects.find((o) => o.name === object)?.inverses.find((x) => x.name === name)
      if (!inv) return json(404, problem(404, 'not_found', '不存在').body)
      const list = (store.get(inv.fromObject) ?? []).filter((r) => r[inv.field] === id)
      const limit = Number(url.searchParams.get('limit') ?? 50)
      const start = Number(url.searchParams.get('cursor') ?? 0)
      const next = start + limit < list.length ? String(start + limit) : null
      return json(200, {
        data: list.slice(start, start + limit),
        nextCursor: next,
        ...(url.searchParams.get('count') === 'true' ? { total: list.length } : {}),
      })
    }
    const act = /^\/api\/v1\/records\/([^/]+)\/([^/]+)\/activities$/.exec(url.pathname)
    if (act && req.method === 'POST') {
      const input = body as Record<string, unknown>
      const item: TimelineItem = {
        kind: 'activity',
        id: crypto.randomUUID(),
        at: String(input.occurred_at ?? new Date().toISOString()),
        actor_id: (opts.me ?? me).user.id,
        activity: {
          type: input.type as 'note',
          subject: (input.subject as string | undefined) ?? null,
          body: (input.body as string | undefined) ?? null,
          due_at: (input.due_at as string | undefined) ?? null,
          done_at: null,
          data: {},
          links: [{ object: act[1] ?? '', id: act[2] ?? '' }],
          ...(Array.isArray(input.mentions) && input.mentions.length ? { mentions: input.mentions } : {}),
        },
      }
      timelines.set(act[2] ?? '', [item, ...(timelines.get(act[2] ?? '') ?? [])])
      return json(201, item)
    }
    const m = /^\/api\/v1\/records\/([^/]+)(?:\/([^/]+))?(?:\/(timeline))?$/.exec(url.pathname)
    if (url.pathname === '/api/v1/auth/me') return json(200, opts.me ?? me)
    if (url.pathname === '/api/v1/metadata/objects') return json(200, { data: opts.objects })
    if (url.pathname === '/api/v1/users') return json(200, { data: [me.user] })
    const v = /^\/api\/v1\/views(?:\/([^/]+))?$/.exec(url.pathname)
    if (v) {
      const id = v[1]
      if (req.method === 'GET' && !id)
        return json(200, { data: views.filter((x) => x.objectName === url.searchParams.get('object')) })
      if (req.method === 'POST') {
        const input = body as Record<string, unknown>
        if (input.isDefault) for (const x of views) x.isDefault = false
        const view = {
          id: crypto.randomUUID(),
          kind: 'list',
          columns: [],
          sort: [],
          filter: null,
          groupBy: null,
          aggregate: [],
          kanbanField: null,
          visibility: 'private',
          isDefault: false,
          ownerId: me.user.id,
          createdAt: '2026-12-05T00:00:00Z',
          updatedAt: '2026-12-05T00:00:00Z',
          ...input,
        } as unknown as FakeView
        views.push(view)
        return json(201, view)
      }
      const view = views.find((x) => x.id === id)
      if (!view) return json(404, problem(404, 'not_found', '视图不存在').body)
      if (req.method === 'PATCH') {
        if ((body as { isDefault?: boolean }).isDefault) for (const x of views) x.isDefault = false
        Object.assign(view, body)
        return json(200, view)
      }
      if (req.method === 'DELETE') {
        views.splice(views.indexOf(view), 1)
        return new Response(null, { status: 204 })
      }
      return json(200, view)
    }
    if (url.pathname === '/api/v1/search') {
      const q = url.searchParams.get('q') ?? ''
      const objects = (url.searchParams.get('objects') ?? '').split(',')
      return json(200, {
        groups: objects.map((o) => ({
          objectName: o,
          hits: (store.get(o) ?? [])
            .filter((r) => String(r.name ?? '').includes(q))
            .map((r) => ({
              objectName: o,
              recordId: r.id,
              title: String(r.name),
              subtitle: null,
              score: 1,
              matchedBy: 'text',
            })),
        })),
      })
    }
    const g = /^\/api\/v1\/records\/([^/]+)\/groups$/.exec(url.pathname)
    if (g) {
      const field = url.searchParams.get('groupBy') ?? ''
      const counts = new Map<unknown, number>()
      for (const r of store.get(g[1] ?? '') ?? [])
        counts.set(r[field] ?? null, (counts.get(r[field] ?? null) ?? 0) + 1)
      return json(200, { data: [...counts].map(([key, count]) => ({ key, count, sums: {} })) })
    }
    if (m && req.method === 'PATCH' && m[2]) {
      const rows = store.get(m[1] ?? '') ?? []
      const rec = rows.find((r) => r.id === m[2])
      if (!rec) return json(404, problem(404, 'record_not_found', '记录不存在').body)
      const custom = opts.onUpdate?.(m[1] ?? '', req)
      if (custom) return json(custom.status, custom.body, 'application/problem+json')
      Object.assign(rec, body, { version: rec.version + 1 })
      return json(200, rec)
    }
    if (m) {
      const [, object = '', id, timeline] = m
      const rows = store.get(object) ?? []
      if (req.method === 'POST' && !id) {
        if (opts.onCreate) {
          const r = opts.onCreate(object, body as Record<string, unknown>)
          return json(r.status, r.body, r.status >= 400 ? 'application/problem+json' : 'application/json')
        }
        const rec = { id: crypto.randomUUID(), version: 1, ...(body as object) } as RecordDto
        rows.unshift(rec)
        store.set(object, rows)
        return json(201, rec)
      }
      if (timeline) {
        const types = url.searchParams.get('types')?.split(',')
        const all = (timelines.get(id ?? '') ?? []).filter(
          (x) => !types || types.includes(x.kind === 'activity' ? (x.activity?.type ?? '') : x.kind),
        )
        const limit = Number(url.searchParams.get('limit') ?? 30)
        const start = Number(url.searchParams.get('cursor') ?? 0)
        const next = start + limit < all.length ? String(start + limit) : null
        return json(200, { data: all.slice(start, start + limit), nextCursor: next })
      }
      if (id) {
        const rec = rows.find((r) => r.id === id)
        return rec ? json(200, rec) : json(404, problem(404, 'record_not_found', '记录不存在').body)
      }
      const custom = opts.onList?.(object, req)
      if (custom) return json(custom.status, custom.body, 'application/problem+json')
      const meta = byName.get(object)
      let list = rows
      const f = url.searchParams.get('filter')
      if (f && meta) {
        const test = createEvaluator(JSON.parse(f) as Filter, {
          object: meta,
          resolveObject: (n) => byName.get(n),
          now: new Date('2026-12-05T00:00:00Z'),
          me: me.user.id,
          myTeam: [],
          timeZone: 'Asia/Shanghai',
        })
        list = rows.filter((r) => test(r))
      }
      const sort = url.searchParams.get('sort')
      if (sort) {
        const desc = sort.startsWith('-')
        const key = desc ? sort.slice(1) : sort
        list = [...list].sort(
          (a, b) => String(a[key] ?? '').localeCompare(String(b[key] ?? '')) * (desc ? -1 : 1),
        )
      }
      const limit = Number(url.searchParams.get('limit') ?? 50)
      const start = Number(url.searchParams.get('cursor') ?? 0)
      const page = list.slice(start, start + limit)
      const next = start + limit < list.length ? String(start + limit) : null
      return json(200, {
        data: page,
        nextCursor: next,
        ...(url.searchParams.get('count') === 'true' ? { total: list.length } : {}),
      })
    }
    return json(404, problem(404, 'not_found', 'not found').body)
  })
  return { requests, spy, store, views, timelines }
}
