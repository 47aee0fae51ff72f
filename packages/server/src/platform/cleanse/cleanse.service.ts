import type {
  CleanseApplyBody,
  CleanseScanBody,
  CleanseScanResponse,
  CleanseSuggestion,
} from '@kemai/shared/api/cleanse.api'
import { type CleanseRule, cleanseRecord } from '@kemai/shared/cleanse'
import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import type { Actor } from '../access/actor.ts'
import { type AppError, errors } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import { MAX_LIMIT, type RecordsService } from '../records/service.ts'
import type { RecordData } from '../records/shape.ts'

export interface CleanseDeps {
  records: RecordsService
  metadata: MetadataService
}

const DEFAULT_SCAN = 500

/** An item's failure, before http/ turns it into a translated problem. */
export type ApplyResult =
  | { id: string; ok: true; version: number; changed: string[] }
  | { id: string; ok: false; error: AppError }

/**
 * Data cleansing over the records service (docs/cleanse.md): `scan` reads a page of records the actor
 * may see (the list's filter and the record read scope apply, hidden fields are never looked at) and
 * suggests fixes; `apply` recomputes the fixes on the records as they are now and writes the chosen
 * ones through the one write path (channel `cleanse`, field history, search, events), each record
 * only if it is still at the version the suggestion was made on.
 */
export function createCleanser({ records, metadata }: CleanseDeps) {
  async function objectOf(actor: Actor, name: string): Promise<ObjectDef> {
    const schema = await metadata.getSchema(actor)
    const object = schema.objects.get(name)
    if (!object) throw errors.objectNotFound(name)
    return object
  }

  const editable = (object: ObjectDef): FieldDef[] => object.fields.filter((f) => f.isActive)
  const titleOf = (object: ObjectDef, r: RecordData) => {
    const t = r[object.titleField ?? 'name']
    return typeof t === 'string' && t ? t : r.id
  }
  const ruleSet = (rules?: CleanseRule[]) => (rules ? new Set(rules) : undefined)

  async function scan(actor: Actor, objectName: string, body: CleanseScanBody): Promise<CleanseScanResponse> {
    const object = await objectOf(actor, objectName)
    const fields = editable(object)
    const only = ruleSet(body.rules)
    const want = body.limit ?? DEFAULT_SCAN
    const data: CleanseSuggestion[] = []
    const counts: Record<string, number> = {}
    let scanned = 0
    let cursor: string | undefined = body.cursor
    let nextCursor: string | null = null
    while (scanned < want) {
      const page = await records.list(actor, objectName, {
        filter: body.filter,
        cursor,
        limit: Math.min(MAX_LIMIT, want - scanned),
      })
      for (const r of page.data) {
        const fixes = cleanseRecord(fields, r, only)
        if (fixes.length) {
          data.push({ id: r.id, version: r.version, title: titleOf(object, r), fixes })
          for (const f of fixes) for (const rule of f.rules) counts[rule] = (counts[rule] ?? 0) + 1
        }
      }
      scanned += page.data.length
      nextCursor = page.nextCursor
      if (!nextCursor) break
      cursor = nextCursor
    }
    return { data, scanned, counts, nextCursor }
  }

  async function apply(
    actor: Actor,
    objectName: string,
    body: CleanseApplyBody,
  ): Promise<{ results: ApplyResult[]; applied: number; failed: number }> {
    const object = await objectOf(actor, objectName)
    const fields = editable(object)
    const only = ruleSet(body.rules)
    const seen = new Set<string>()
    for (const [i, item] of body.items.entries()) {
      if (seen.has(item.id)) throw errors.validation([{ path: `items.${i}.id`, code: 'not_unique' }])
      seen.add(item.id)
      for (const [j, f] of item.fields.entries())
        if (!fields.some((x) => x.name === f))
          throw errors.validation([{ path: `items.${i}.fields.${j}`, code: 'unknown_field' }])
    }
    const current = new Map<string, RecordData>()
    const ids = body.items.map((x) => x.id)
    for (let i = 0; i < ids.length; i += MAX_LIMIT) {
      const page = await records.list(actor, objectName, {
        filter: { field: 'id', op: 'in', value: ids.slice(i, i + MAX_LIMIT) },
        limit: MAX_LIMIT,
      })
      for (const r of page.data) current.set(r.id, r)
    }

    const results: ApplyResult[] = []
    const ops: { id: string; version: number; data: Record<string, unknown> }[] = []
    for (const item of body.items) {
      const rec = current.get(item.id)
      if (!rec) {
        results.push({ id: item.id, ok: false, error: errors.recordNotFound() })
        continue
      }
      if (rec.version !== item.version) {
        results.push({ id: item.id, ok: false, error: errors.versionConflict(rec) })
        continue
      }
      const wanted = new Set(item.fields)
      const data: Record<string, unknown> = {}
      for (const fix of cleanseRecord(fields, rec, only)) if (wanted.has(fix.field)) data[fix.field] = fix.new
      if (Object.keys(data).length === 0)
        results.push({ id: item.id, ok: true, version: rec.version, changed: [] })
      else ops.push({ id: item.id, version: item.version, data })
    }

    if (ops.length) {
      const written = await records.batch(
        { ...actor, channel: 'cleanse' },
        objectName,
        ops.map((o) => ({ op: 'update' as const, id: o.id, version: o.version, data: o.data })),
        { partial: true },
      )
      for (const r of written) {
        const op = ops[r.index]!
        results.push(
          r.ok
            ? {
                id: op.id,
                ok: true,
                version: r.record?.version ?? op.version + 1,
                changed: Object.keys(op.data),
              }
            : { id: op.id, ok: false, error: r.error },
        )
      }
    }
    const order = new Map(body.items.map((x, i) => [x.id, i]))
    results.sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    const applied = results.filter((r) => r.ok && r.changed.length > 0).length
    return { results, applied, failed: results.filter((r) => !r.ok).length }
  }

  return { scan, apply }
}

export type Cleanser = ReturnType<typeof createCleanser>
