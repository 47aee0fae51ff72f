import { vi } from 'vitest'
import type { FieldMeta, ObjectMeta } from '../../../platform/endpoints.ts'
import { me } from '../../../test/fixtures.ts'

/**
 * The metadata API of the settings pages in memory, in front of `fetch`, answering the way the server
 * does (packages/server/src/platform/metadata): names checked, 409 `confirmation_required` with the
 * count when a delete would destroy data, problem+json for everything refused. Test helper only.
 */
export interface FakeCall {
  method: string
  path: string
  query: URLSearchParams
  body: unknown
}

const NAME = /^[a-z][a-z0-9_]{0,47}$/

function problem(status: number, code: string, title: string, extra: Record<string, unknown> = {}) {
  return { status, body: { type: `https://kemai.dev/problems/${code}`, title, status, code, ...extra } }
}

export function fakeMetadataApi(opts: {
  objects: ObjectMeta[]
  /** live records per object */
  records?: Record<string, number>
  /** records with a value, per object and field */
  values?: Record<string, Record<string, number>>
  /** answer a call before the fake does */
  intercept?: (c: FakeCall) => { status: number; body?: unknown } | undefined
}) {
  const objects: ObjectMeta[] = structuredClone(opts.objects)
  const records = { ...(opts.records ?? {}) }
  const values = structuredClone(opts.values ?? {})
  const calls: FakeCall[] = []
  const find = (name: string) => objects.find((o) => o.name === name)

  const answer = (c: FakeCall): { status: number; body?: unknown } => {
    const hit = opts.intercept?.(c)
    if (hit) return hit
    if (c.path === '/api/v1/auth/me') return { status: 200, body: me }
    if (c.path === '/api/v1/users') return { status: 200, body: { data: [me.user] } }
    if (c.path === '/api/v1/metadata/counts')
      return {
        status: 200,
        body: { data: Object.fromEntries(objects.map((o) => [o.name, records[o.name] ?? 0])) },
      }
    if (c.path === '/api/v1/metadata/objects') {
      if (c.method === 'GET') return { status: 200, body: { data: objects } }
      const b = c.body as {
        name: string
        label: ObjectMeta['label']
        pluralLabel?: ObjectMeta['label']
        icon?: string
      }
      if (!NAME.test(b.name))
        return problem(400, 'validation_failed', 'Some fields are invalid', {
          errors: [{ path: 'name', code: 'invalid_name', message: 'Use lowercase letters, digits and _' }],
        })
      if (find(b.name))
        return problem(409, 'conflict', 'Conflicts with existing data', {
          errors: [{ path: 'name', code: 'not_unique', message: 'This value is already taken' }],
        })
      const o: ObjectMeta = {
        name: b.name,
        label: b.label,
        pluralLabel: b.pluralLabel ?? b.label,
        icon: b.icon ?? null,
        titleField: 'name',
        layout: null,
        module: null,
        isSystem: false,
        isActive: true,
        fields: [
          {
            name: 'name',
            type: 'text',
            label: { 'zh-CN': '名称', en: 'Name' },
            options: { required: true },
            isSystem: false,
            isActive: true,
          },
        ],
        inverses: [],
      }
      objects.push(o)
      return { status: 201, body: o }
    }
    const m = /^\/api\/v1\/metadata\/objects\/([^/]+)(?:\/(counts|fields))?(?:\/([^/]+))?$/.exec(c.path)
    const o = m ? find(decodeURIComponent(m[1]!)) : undefined
    if (!m || !o) return problem(404, 'object_not_found', 'No such object')
    const confirm = c.query.get('confirm') === 'true'
    if (m[2] === 'counts')
      return {
        status: 200,
        body: {
          records: records[o.name] ?? 0,
          fields: Object.fromEntries(o.fields.map((f) => [f.name, values[o.name]?.[f.name] ?? 0])),
        },
      }
    if (!m[2]) {
      if (c.method === 'GET') return { status: 200, body: o }
      if (c.method === 'DELETE') {
        const n = records[o.name] ?? 0
        if (o.isSystem) return problem(403, 'forbidden', 'You may not do this')
        if (n > 0 && !confirm)
          return problem(409, 'confirmation_required', 'This deletes data and needs confirmation', {
            records: n,
          })
        objects.splice(objects.indexOf(o), 1)
        return { status: 204 }
      }
      const b = c.body as Partial<ObjectMeta> & { fieldOrder?: string[] }
      if (b.fieldOrder) o.fields = b.fieldOrder.map((n) => o.fields.find((f) => f.name === n)!)
      if (b.label) o.label = b.label
      if (b.pluralLabel) o.pluralLabel = b.pluralLabel
      if (b.isActive !== undefined) o.isActive = b.isActive
      if (b.layout !== undefined) o.layout = b.layout
      return { status: 200, body: o }
    }
    if (!m[3]) {
      const b = c.body as Omit<FieldMeta, 'isSystem' | 'isActive'>
      if (o.fields.some((f) => f.name === b.name))
        return problem(409, 'conflict', 'Conflicts with existing data', {
          errors: [{ path: 'name', code: 'not_unique', message: 'This value is already taken' }],
        })
      const f: FieldMeta = { ...b, options: b.options ?? {}, isSystem: false, isActive: true }
      o.fields.push(f)
      return { status: 201, body: f }
    }
    const f = o.fields.find((x) => x.name === decodeURIComponent(m[3]!))
    if (!f) return problem(404, 'field_not_found', 'No such field')
    if (c.method === 'DELETE') {
      const n = values[o.name]?.[f.name] ?? 0
      if (n > 0 && !confirm)
        return problem(409, 'confirmation_required', 'This deletes data and needs confirmation', {
          records: n,
          field: f.name,
        })
      o.fields.splice(o.fields.indexOf(f), 1)
      return { status: 204 }
    }
    const b = c.body as { label?: FieldMeta['label']; options?: Record<string, unknown>; isActive?: boolean }
    if (b.label) f.label = b.label
    if (b.options) {
      const merged: Record<string, unknown> = { ...f.options }
      for (const [k, v] of Object.entries(b.options)) {
        if (v === null) delete merged[k]
        else merged[k] = v
      }
      f.options = merged
    }
    if (b.isActive !== undefined) f.isActive = b.isActive
    return { status: 200, body: f }
  }

  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const c: FakeCall = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    }
    calls.push(c)
    const a = answer(c)
    return new Response(a.status === 204 ? null : JSON.stringify(a.body), {
      status: a.status,
      headers: { 'content-type': a.status < 300 ? 'application/json' : 'application/problem+json' },
    })
  })
  return { calls, objects, writes: () => calls.filter((c) => c.method !== 'GET') }
}
