import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { stringify } from 'csv-stringify/sync'
import type { Actor } from '../access/actor.ts'
import { audit } from '../audit/audit.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import { readableFields } from '../records/access.ts'
import type { RecordsService } from '../records/service.ts'

/** Synchronous export stops here; bigger sets are an export job (contacts/io issue). */
export const MAX_SYNC_EXPORT_ROWS = 100_000
const PAGE = 500

/**
 * A cell as text that a spreadsheet will not run: values starting with = + - @ or a control character
 * get a leading apostrophe (OWASP "CSV injection").
 */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
}

export function cellText(field: Pick<FieldDef, 'type'> | null, v: unknown): string {
  if (v === null || v === undefined) return ''
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('; ')
  if (field?.type === 'currency' && typeof v === 'object') {
    const c = v as { amount: string; currency: string }
    return `${c.amount} ${c.currency}`
  }
  if (field?.type === 'address' && typeof v === 'object') {
    const a = v as Record<string, string>
    return [a.text, a.district ?? a.city ?? a.province].filter(Boolean).join(' ')
  }
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/**
 * Streams the records an actor may read (filter, scope and field rules applied, exactly like the list) as
 * CSV with a UTF-8 BOM (Excel opens Chinese text correctly) and headers in the actor's language.
 * The export is written to the audit log with its filter and row count.
 */
export function createCsvExporter(deps: { db: Db; metadata: MetadataService; records: RecordsService }) {
  return {
    async *export(
      actor: Actor,
      objectName: string,
      opts: { filter?: unknown; sort?: string; locale: Locale; ip?: string },
    ): AsyncGenerator<string> {
      const schema = await deps.metadata.getSchema(actor)
      const object: ObjectDef = deps.metadata.objectIn(schema, objectName)
      const fields = readableFields(actor, object).filter((f) => f.type !== 'many_to_many')
      // the first page validates filter, sort and rights before anything is sent
      let page = await deps.records.list(actor, objectName, {
        filter: opts.filter,
        sort: opts.sort,
        limit: PAGE,
        count: true,
      })
      if ((page.total ?? 0) > MAX_SYNC_EXPORT_ROWS) {
        throw errors.badRequest([
          { path: 'filter', code: 'too_large', params: { max: MAX_SYNC_EXPORT_ROWS } },
        ])
      }
      await withWorkspace(deps.db, actor.workspaceId, (trx) =>
        audit(trx, {
          workspaceId: actor.workspaceId,
          action: 'export.csv',
          actorId: actor.userId,
          apiKeyId: actor.apiKeyId,
          ip: opts.ip ?? null,
          targetType: 'object',
          targetId: objectName,
          detail: { rows: page.total ?? 0, filter: opts.filter ?? null, sort: opts.sort ?? null },
        }),
      )
      const header = [
        'id',
        ...fields.map((f) => f.label[opts.locale]),
        opts.locale === 'zh-CN' ? '创建时间' : 'Created at',
      ]
      yield `\uFEFF${stringify([header.map(safeCell)])}`
      for (;;) {
        const rows = page.data.map((r) =>
          [String(r.id), ...fields.map((f) => cellText(f, r[f.name])), String(r.created_at)].map(safeCell),
        )
        if (rows.length) yield stringify(rows)
        if (!page.nextCursor) return
        page = await deps.records.list(actor, objectName, {
          filter: opts.filter,
          sort: opts.sort,
          limit: PAGE,
          cursor: page.nextCursor,
        })
      }
    },
  }
}

export type CsvExporter = ReturnType<typeof createCsvExporter>
