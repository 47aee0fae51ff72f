import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import type { OperationNodeSource, RawBuilder } from 'kysely'
import type { Actor } from '../../access/actor.ts'
import { newId } from '../../db/ids.ts'
import { executeTogether } from '../../db/tx.ts'
import { errors } from '../../errors.ts'
import { tableName } from '../../metadata/ddl.ts'
import type { Ctx } from '../context.ts'
import type { OutboxEventInput, SearchDocInput } from '../ports.ts'
import type { RecordData } from '../shape.ts'
import { toColumns } from '../values.ts'

/** Pipeline stage "write": the row, the search document, the outbox event, and write errors as problems. */

export function rowFor(ctx: Ctx, values: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  const fields = new Map(ctx.object.fields.map((f) => [f.name, f]))
  for (const [k, v] of Object.entries(values)) {
    const f = fields.get(k)
    if (f) Object.assign(row, toColumns(f, v))
    else if (k === 'owner_id') row.owner_id = v
  }
  return row
}

/** Does a field's value go into the record's search document? The title, e-mails and phones by default. */
export function isSearchable(object: Pick<ObjectDef, 'titleField'>, f: FieldDef): boolean {
  return f.options.searchable ?? (f.name === object.titleField || f.type === 'email' || f.type === 'phone')
}

export function searchDoc(ctx: Ctx, rec: Record<string, unknown>): SearchDocInput {
  return {
    workspaceId: ctx.actor.workspaceId,
    objectName: ctx.object.name,
    recordId: String(rec.id),
    ...searchValues(ctx.object, ctx.object.fields, rec),
    ownerId: (rec.owner_id as string | null) ?? null,
  }
}

/**
 * The searchable values of a record among `fields`: its title, the first other value as the subtitle, and
 * the texts to index. Search rebuilds them from the fields a role may read (platform/search).
 */
export function searchValues(
  object: Pick<ObjectDef, 'titleField'>,
  fields: readonly FieldDef[],
  rec: Record<string, unknown>,
): Pick<SearchDocInput, 'title' | 'subtitle' | 'texts' | 'personNameTexts'> {
  const texts: string[] = []
  const personNameTexts: string[] = []
  let subtitle = ''
  for (const f of fields) {
    if (!f.isActive) continue
    const isTitle = f.name === object.titleField
    const v = rec[f.name]
    if (!isSearchable(object, f) || v === null || v === undefined) continue
    const text = Array.isArray(v)
      ? v.join(' ')
      : typeof v === 'object'
        ? String((v as { text?: string }).text ?? '')
        : String(v)
    if (!text) continue
    ;(f.options.personName ? personNameTexts : texts).push(text)
    if (!isTitle && !subtitle) subtitle = text
  }
  return { title: String(rec[object.titleField] ?? ''), subtitle, texts, personNameTexts }
}

export function searchRelevant(ctx: Ctx, changed: string[]): boolean {
  return changed.some((name) => {
    if (name === 'owner_id') return true
    const f = ctx.object.fields.find((x) => x.name === name)
    return (
      !!f &&
      (f.name === ctx.object.titleField ||
        (f.options.searchable ?? (f.type === 'email' || f.type === 'phone')))
    )
  })
}

export function event(
  ctx: Ctx,
  type: string,
  recordId: string,
  payload: Record<string, unknown>,
): OutboxEventInput {
  return {
    workspaceId: ctx.actor.workspaceId,
    type,
    objectName: ctx.object.name,
    recordId,
    actorId: ctx.actor.userId,
    channel: ctx.actor.channel,
    payload: ctx.actor.cause ? { ...payload, cause: ctx.actor.cause } : payload,
  }
}

/**
 * Runs a write's statements (the row, its field history, search document and outbox events) as ONE
 * statement (executeTogether): one round trip instead of four. They do not depend on each other's effects:
 * each writes its own table. `notify` is selected last (the outbox's pg_notify).
 */
export async function writeTogether(
  ctx: Ctx,
  statements: OperationNodeSource[],
  notify: RawBuilder<unknown> | null,
): Promise<void> {
  await executeTogether(ctx.trx, statements, notify)
}

/** The field-history rows of one write (or several), as an INSERT to embed in writeTogether. */
export function historyInsert(ctx: Ctx, rows: HistoryRow[]) {
  return ctx.trx.insertInto('field_history').values(
    rows.map((r) => {
      const actor = r.actor ?? ctx.actor
      return {
        workspace_id: ctx.actor.workspaceId,
        id: newId(),
        object_name: ctx.object.name,
        record_id: r.recordId,
        field_name: r.field,
        old_value: JSON.stringify(r.old ?? null),
        new_value: JSON.stringify(r.new ?? null),
        actor_id: actor.userId,
        channel: actor.channel,
        at: r.at,
        run_id: actor.cause?.runId ?? null,
      }
    }),
  )
}

export interface HistoryRow {
  recordId: string
  field: string
  old: unknown
  new: unknown
  at: Date
  /** who wrote it, when not the operation's actor (updateMany's items) */
  actor?: Actor
}

export function mapWriteError(e: unknown, ctx: Ctx, prefix = ''): unknown {
  const err = e as { code?: string; constraint?: string; detail?: string }
  if (err?.code === '23505') {
    const t = tableName(ctx.object.name)
    const field = err.constraint?.startsWith(`${t}_`)
      ? err.constraint.slice(t.length + 1).replace(/_unique$/, '')
      : undefined
    if (field === undefined && err.constraint === `${t}_pkey`)
      return errors.conflict([{ path: `${prefix}id`, code: 'not_unique' }])
    return errors.conflict([{ path: prefix + (field ?? 'id'), code: 'not_unique' }])
  }
  return e
}

/** Fills every active field (null when absent) so the stored and returned shapes agree. */
export function completeRecord(ctx: Ctx, rec: Record<string, unknown>): RecordData {
  const out: Record<string, unknown> = {
    id: rec.id,
    version: rec.version,
    owner_id: rec.owner_id ?? null,
    created_at: rec.created_at,
    created_by: rec.created_by ?? null,
    updated_at: rec.updated_at,
    updated_by: rec.updated_by ?? null,
  }
  for (const f of ctx.object.fields)
    if (f.isActive && f.type !== 'many_to_many') out[f.name] = rec[f.name] ?? null
  return out as RecordData
}
