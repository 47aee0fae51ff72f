import type { ColumnMapping } from '@kemai/shared/api/imports.api'
import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import type { Actor } from '../../access/actor.ts'
import { canObject } from '../../access/permissions.ts'
import { type Db, isUuid, withWorkspace } from '../../db/tx.ts'
import { matchRecord } from '../../dedup/matcher.ts'
import type { MetadataService } from '../../metadata/service.ts'
import { blockingOfKey, keysOf, type ObjectRules } from '../../records/duplicates/rules.ts'
import type { RecordsService } from '../../records/service.ts'
import type { RecordData } from '../../records/shape.ts'
import { coerceCell } from './coerce.ts'
import { recordsWithKeys } from './imports.repo.ts'
import { MAX_CELL, type SourceRow } from './source.ts'

export interface RowProblem {
  field: string
  code: string
  params?: Record<string, unknown>
}

/** A file row made ready for the records service: values by field, its own problems, the record it matched. */
export interface PreparedRow {
  row: number
  cells: string[]
  values: Record<string, unknown>
  problems: RowProblem[]
  match: { id: string; score: number; record: RecordData } | null
}

export interface PrepareDeps {
  db: Db
  records: RecordsService
  metadata: MetadataService
}

const PAGE = 500

/** Mapped cells → values; relation cells name their record by title (or id); match against existing records. */
export async function prepareRows(
  deps: PrepareDeps,
  actor: Actor,
  object: ObjectDef,
  mapping: readonly ColumnMapping[],
  rows: readonly SourceRow[],
  rules: ObjectRules | null,
): Promise<PreparedRow[]> {
  const fields = new Map(object.fields.map((f) => [f.name, f]))
  const used = mapping.filter((m) => m.field && fields.has(m.field)) as { column: number; field: string }[]
  const out: PreparedRow[] = rows.map((r) => {
    const problems: RowProblem[] = []
    if (r.problem)
      problems.push({
        field: '',
        code: r.problem.code,
        ...(r.problem.params && { params: r.problem.params }),
      })
    const values: Record<string, unknown> = {}
    if (!r.problem) {
      for (const m of used) {
        const cell = r.cells[m.column] ?? ''
        if (cell.length > MAX_CELL) {
          problems.push({ field: m.field, code: 'cell_too_long', params: { max: MAX_CELL } })
          continue
        }
        const v = coerceCell(fields.get(m.field)!, cell)
        if (v !== undefined) values[m.field] = v
      }
    }
    return { row: r.row, cells: r.cells, values, problems, match: null }
  })
  for (const m of used) {
    const f = fields.get(m.field)!
    if (f.type === 'relation' && f.options.target) await resolveRelation(deps, actor, f, out)
  }
  if (rules) await matchExisting(deps, actor, object, rules, out)
  return out
}

/** Relation cells holding a title (公司: 阿里巴巴) become the id of the readable record with that title. */
async function resolveRelation(deps: PrepareDeps, actor: Actor, field: FieldDef, rows: PreparedRow[]) {
  const target = field.options.target!
  const names = new Set<string>()
  for (const r of rows) {
    const v = r.values[field.name]
    if (typeof v === 'string' && !isUuid(v)) names.add(v)
  }
  if (names.size === 0) return
  const ids = new Map<string, string>()
  if (canObject(actor, target, 'read')) {
    const schema = await deps.metadata.getSchema(actor)
    const title = deps.metadata.objectIn(schema, target).titleField
    const list = [...names]
    for (let i = 0; i < list.length; i += PAGE) {
      const page = await deps.records.list(actor, target, {
        filter: { field: title, op: 'in', value: list.slice(i, i + PAGE) },
        limit: PAGE,
      })
      for (const rec of page.data) {
        const t = String(rec[title] ?? '')
        if (!ids.has(t)) ids.set(t, rec.id)
      }
    }
  }
  for (const r of rows) {
    const v = r.values[field.name]
    if (typeof v !== 'string' || isUuid(v)) continue
    const id = ids.get(v)
    if (id !== undefined) r.values[field.name] = id
    else {
      delete r.values[field.name]
      r.problems.push({ field: field.name, code: 'not_found', params: { value: String(v).slice(0, 50) } })
    }
  }
}

/**
 * The existing record each row duplicates under the object's rules (records/duplicates): the rows'
 * blocking keys looked up in the key index in one query, the records read through the records service
 * (so only what the actor may read), each row scored with matchRecord; the best `duplicate` wins.
 */
async function matchExisting(
  deps: PrepareDeps,
  actor: Actor,
  object: ObjectDef,
  rules: ObjectRules,
  rows: PreparedRow[],
) {
  if (!canObject(actor, object.name, 'read')) return
  const keysByRow = rows.map((r) => (r.problems.length ? [] : keysOf(rules, r.values)))
  const all = [...new Set(keysByRow.flat())]
  if (all.length === 0) return
  const cap = Math.max(...rules.maxBlockOf.values())
  const hits = await withWorkspace(
    deps.db,
    actor.workspaceId,
    (trx) => recordsWithKeys(trx, actor.workspaceId, object.name, all, cap),
    { read: true },
  )
  const byKey = new Map<string, string[]>()
  for (const h of hits) byKey.set(h.key, [...(byKey.get(h.key) ?? []), h.record_id])
  for (const [k, list] of byKey)
    if (list.length > (rules.maxBlockOf.get(blockingOfKey(k)) ?? cap)) byKey.delete(k)
  const ids = [...new Set([...byKey.values()].flat())]
  if (ids.length === 0) return
  const records = new Map<string, RecordData>()
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = await deps.records.list(actor, object.name, {
      filter: { field: 'id', op: 'in', value: ids.slice(i, i + PAGE) },
      limit: PAGE,
    })
    for (const rec of page.data) records.set(rec.id, rec)
  }
  rows.forEach((r, i) => {
    const cand = new Set(keysByRow[i]!.flatMap((k) => byKey.get(k) ?? []))
    const list = [...cand].map((id) => records.get(id)).filter((x): x is RecordData => !!x)
    if (list.length === 0) return
    const best = matchRecord(r.values, list, rules.compiled).find((p) => p.decision === 'duplicate')
    if (best) r.match = { id: best.b, score: best.score, record: records.get(best.b)! }
  })
}
