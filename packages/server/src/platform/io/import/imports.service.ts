import type {
  CreateImportInput,
  ImportDto,
  ImportTemplate,
  PreviewRow,
  TemplateInput,
  UpdateImportInput,
} from '@kemai/shared/api/imports.api'
import type { ObjectDef } from '@kemai/shared/fields'
import { type Locale, translate } from '@kemai/shared/i18n/messages'
import { stringify } from 'csv-stringify/sync'
import type { Actor } from '../../access/actor.ts'
import { canObject } from '../../access/permissions.ts'
import { audit } from '../../audit/audit.ts'
import { newId } from '../../db/ids.ts'
import { isUuid, type Tx, withWorkspace } from '../../db/tx.ts'
import { errors } from '../../errors.ts'
import { enqueue } from '../../events/boss.ts'
import { rulesFor } from '../../records/duplicates/rules.ts'
import { safeCell } from '../csv-export.ts'
import * as repo from './imports.repo.ts'
import { applyTemplate, autoMap, mappingIssues } from './mapping.ts'
import { prepareRows } from './prepare.ts'
import { IMPORT_QUEUE, type ImportJobData, type RunnerDeps } from './runner.ts'
import { openSource, type SourceRow } from './source.ts'
import { checkFailedRows, Rollback, writeRows } from './write-batch.ts'

export function toImportDto(r: repo.ImportRow, matching: boolean): ImportDto {
  const done = r.cursor
  const finished = ['done', 'cancelled', 'failed', 'undone', 'undoing'].includes(r.status)
  const estimate =
    r.total ??
    (finished ? done : r.bytes_read > 0 && done > 0 ? Math.round((done * r.file_size) / r.bytes_read) : null)
  const rate = r.run_ms > 0 ? (done / r.run_ms) * 1000 : null
  const left = estimate !== null && rate ? Math.max(0, estimate - done) / rate : null
  return {
    id: r.id,
    object: r.object_name,
    fileId: r.file_id,
    fileName: r.file_name,
    fileSize: r.file_size,
    format: r.format as ImportDto['format'],
    encoding: r.encoding as ImportDto['encoding'],
    detectedEncoding: r.detected_encoding,
    header: r.header,
    mapping: r.mapping,
    policy: r.policy as ImportDto['policy'],
    matching,
    status: r.status as ImportDto['status'],
    progress: {
      done,
      total: estimate === null ? null : Math.max(estimate, done),
      totalIsEstimate: r.total === null && !finished,
      created: r.created_count,
      updated: r.updated_count,
      skipped: r.skipped_count,
      failed: r.failed_count,
      rowsPerSecond: rate === null ? null : Math.round(rate),
      etaSeconds: r.status === 'running' && left !== null ? Math.round(left) : null,
    },
    error: r.error,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  }
}

const wrongStatus = () => errors.conflict([{ path: 'status', code: 'wrong_status' }])

/**
 * Imports (docs/import.md): create from an uploaded file, map, preview, start (a job), cancel, undo,
 * error report, templates. Only the user who created an import (or an admin) sees it; the job writes as
 * that user, so an import can do exactly what the user could do by hand.
 */
export function createImportService(deps: RunnerDeps) {
  const inWs = <T>(actor: Actor, fn: (trx: Tx) => Promise<T>) => withWorkspace(deps.db, actor.workspaceId, fn)

  async function objectOf(actor: Actor, name: string): Promise<ObjectDef> {
    const schema = await deps.metadata.getSchema(actor)
    return deps.metadata.objectIn(schema, name)
  }

  async function load(actor: Actor, id: string, lock?: Tx): Promise<repo.ImportRow> {
    if (!isUuid(id)) throw errors.notFound()
    const row = lock
      ? await repo.getImport(lock, actor.workspaceId, id, true)
      : await inWs(actor, (trx) => repo.getImport(trx, actor.workspaceId, id))
    if (!row || (!actor.isAdmin && row.created_by !== actor.userId)) throw errors.notFound()
    return row
  }

  async function dto(actor: Actor, row: repo.ImportRow): Promise<ImportDto> {
    const object = await objectOf(actor, row.object_name).catch(() => null)
    return toImportDto(row, !!object && !!rulesFor(object))
  }

  /** The header and the first `n` data rows of an import's file. */
  async function head(
    actor: Actor,
    row: Pick<repo.ImportRow, 'file_id' | 'file_name' | 'format' | 'encoding'>,
    n: number,
  ) {
    const { stream } = await deps.files.open(actor, row.file_id)
    const src = await openSource(stream, {
      name: row.file_name,
      ...(row.format && { format: row.format as ImportDto['format'] }),
      encoding: row.encoding as ImportDto['encoding'],
    })
    try {
      const rows: SourceRow[] = []
      while (rows.length < n) {
        const next = await src.rows.next()
        if (next.done) break
        rows.push(next.value)
      }
      return { header: src.header, rows, format: src.format, encoding: src.encoding }
    } finally {
      src.close()
    }
  }

  return {
    async create(actor: Actor, input: CreateImportInput): Promise<ImportDto> {
      if (!actor.userId) throw errors.forbidden()
      const object = await objectOf(actor, input.object)
      if (!canObject(actor, object.name, 'create')) throw errors.forbidden()
      const file = await deps.files.get(actor, input.fileId)
      const probe = await head(
        actor,
        {
          file_id: file.id,
          file_name: file.name,
          format: input.format ?? '',
          encoding: input.encoding ?? 'auto',
        },
        1,
      )
      if (probe.rows.length === 0) throw errors.badRequest([{ path: 'file', code: 'file_header_only' }])
      let mapping = autoMap(probe.header, object)
      if (input.templateId) {
        const t = await inWs(actor, (trx) => repo.getTemplate(trx, actor.workspaceId, input.templateId!))
        if (!t || t.object_name !== object.name)
          throw errors.validation([{ path: 'templateId', code: 'not_found' }])
        mapping = applyTemplate(probe.header, t.columns, object)
      }
      const row = await inWs(actor, (trx) =>
        repo.insertImport(trx, actor.workspaceId, {
          id: newId(),
          object_name: object.name,
          file_id: file.id,
          file_name: file.name,
          file_size: file.size,
          format: probe.format,
          encoding: input.encoding ?? 'auto',
          detected_encoding: probe.encoding,
          header: probe.header,
          mapping,
          policy: 'create',
          created_by: actor.userId,
        }),
      )
      return dto(actor, row)
    },

    async get(actor: Actor, id: string): Promise<ImportDto> {
      return dto(actor, await load(actor, id))
    },

    async list(actor: Actor, object: string | null): Promise<ImportDto[]> {
      const rows = await inWs(actor, (trx) =>
        repo.listImports(trx, actor.workspaceId, object, actor.isAdmin ? null : actor.userId),
      )
      return Promise.all(rows.map((r) => dto(actor, r)))
    },

    async update(actor: Actor, id: string, input: UpdateImportInput): Promise<ImportDto> {
      const current = await load(actor, id)
      if (current.status !== 'draft') throw errors.conflict([{ path: 'status', code: 'not_editable' }])
      const object = await objectOf(actor, current.object_name)
      let header = current.header
      let detected = current.detected_encoding
      let mapping = input.mapping
      if (input.encoding && input.encoding !== current.encoding) {
        // read again in the new encoding: the header's text changes, so the columns are mapped again
        const probe = await head(actor, { ...current, encoding: input.encoding }, 1)
        header = probe.header
        detected = probe.encoding
        mapping ??= autoMap(header, object)
      }
      if (mapping) {
        const issues = mappingIssues(mapping, header.length, object).filter((i) => i.code !== 'no_mapping')
        if (issues.length) throw errors.validation(issues)
      }
      const row = await inWs(actor, async (trx) => {
        const locked = await load(actor, id, trx)
        if (locked.status !== 'draft') throw errors.conflict([{ path: 'status', code: 'not_editable' }])
        await repo.setImport(trx, actor.workspaceId, id, {
          ...(mapping && { mapping }),
          ...(input.policy && { policy: input.policy }),
          ...(input.encoding && { encoding: input.encoding, detected_encoding: detected, header }),
        })
        return (await repo.getImport(trx, actor.workspaceId, id))!
      })
      return dto(actor, row)
    },

    /**
     * The first rows mapped, matched and validated by the records service itself: written in a transaction
     * that is then rolled back, so every check a real write makes (types, required, references, unique
     * values, duplicates) answers here too, and nothing stays behind.
     */
    async preview(actor: Actor, id: string, limit = 20): Promise<PreviewRow[]> {
      const row = await load(actor, id)
      const object = await objectOf(actor, row.object_name)
      const { rows } = await head(actor, row, limit)
      const rules = row.policy === 'create' ? null : rulesFor(object)
      const prepared = await prepareRows(deps, actor, object, row.mapping, rows, rules)
      await checkFailedRows(deps.records, actor, object.name, prepared, row.policy as 'create')
      let outcomes: Awaited<ReturnType<typeof writeRows>> = []
      try {
        await writeRows(
          deps.records,
          actor,
          object.name,
          prepared,
          row.policy as 'create',
          async (_trx, o) => {
            outcomes = o
            throw new Rollback('preview')
          },
        )
      } catch (e) {
        if (!(e instanceof Rollback)) throw e
      }
      const byRow = new Map(outcomes.map((o) => [o.row.row, o]))
      const titleOf = (r: (typeof prepared)[number]) =>
        r.match ? String(r.match.record[object.titleField] ?? '') || null : null
      return prepared.map((p) => {
        const o = byRow.get(p.row)
        const own = p.problems
        const found = o?.kind === 'failed' ? o.problems : []
        const problems = [
          ...own,
          ...found.filter((x) => !own.some((y) => y.field === x.field && y.code === x.code)),
        ]
        return {
          row: p.row,
          cells: p.cells,
          values: p.values,
          action: problems.length
            ? 'error'
            : o?.kind === 'skipped'
              ? 'skip'
              : o?.kind === 'updated'
                ? 'update'
                : 'create',
          match: p.match ? { id: p.match.id, score: p.match.score, title: titleOf(p) } : null,
          errors: problems.map((x) => ({
            field: x.field,
            code: x.code,
            message: translate(actor.locale, `field.${x.code}`, x.params),
          })),
        }
      })
    },

    async start(actor: Actor, id: string, ip: string | null): Promise<ImportDto> {
      const current = await load(actor, id)
      const object = await objectOf(actor, current.object_name)
      const issues = mappingIssues(current.mapping, current.header.length, object)
      if (issues.length) throw errors.validation(issues)
      const row = await inWs(actor, async (trx) => {
        const locked = await load(actor, id, trx)
        if (locked.status !== 'draft') throw wrongStatus()
        await repo.setImport(trx, actor.workspaceId, id, { status: 'queued' })
        const data: ImportJobData = { workspaceId: actor.workspaceId, importId: id, action: 'run' }
        await enqueue(trx, IMPORT_QUEUE, data)
        await audit(trx, {
          workspaceId: actor.workspaceId,
          action: 'import.started',
          actorId: actor.userId,
          apiKeyId: actor.apiKeyId,
          ip,
          targetType: 'import',
          targetId: id,
          detail: { object: current.object_name, file: current.file_name, policy: current.policy },
        })
        return (await repo.getImport(trx, actor.workspaceId, id))!
      })
      return dto(actor, row)
    },

    async cancel(actor: Actor, id: string): Promise<ImportDto> {
      const row = await inWs(actor, async (trx) => {
        const locked = await load(actor, id, trx)
        if (locked.status === 'queued' || locked.status === 'running')
          await repo.setImport(trx, actor.workspaceId, id, { status: 'cancelling' })
        else if (locked.status === 'draft')
          await repo.setImport(trx, actor.workspaceId, id, {
            status: 'cancelled',
            finished_at: new Date().toISOString(),
          })
        else if (locked.status !== 'cancelling') throw wrongStatus()
        return (await repo.getImport(trx, actor.workspaceId, id))!
      })
      return dto(actor, row)
    },

    async undo(actor: Actor, id: string, ip: string | null): Promise<ImportDto> {
      const row = await inWs(actor, async (trx) => {
        const locked = await load(actor, id, trx)
        if (!['done', 'cancelled', 'failed'].includes(locked.status) || locked.cursor === 0)
          throw wrongStatus()
        await repo.setImport(trx, actor.workspaceId, id, { status: 'undoing' })
        const data: ImportJobData = { workspaceId: actor.workspaceId, importId: id, action: 'undo' }
        await enqueue(trx, IMPORT_QUEUE, data)
        await audit(trx, {
          workspaceId: actor.workspaceId,
          action: 'import.undo_requested',
          actorId: actor.userId,
          apiKeyId: actor.apiKeyId,
          ip,
          targetType: 'import',
          targetId: id,
          detail: { object: locked.object_name },
        })
        return (await repo.getImport(trx, actor.workspaceId, id))!
      })
      return dto(actor, row)
    },

    /** The failed rows as CSV (UTF-8 with BOM): row number, the problems in the reader's language, the cells. */
    async *errorReport(actor: Actor, id: string, locale: Locale): AsyncGenerator<string> {
      const row = await load(actor, id)
      const zh = locale === 'zh-CN'
      yield `\uFEFF${stringify([[zh ? '行号' : 'Row', zh ? '问题' : 'Problems', ...row.header].map(safeCell)])}`
      let after = 0
      for (;;) {
        const page = await inWs(actor, (trx) => repo.failedRows(trx, actor.workspaceId, id, after, 1000))
        if (page.length === 0) return
        yield stringify(
          page.map((r) =>
            [
              String(r.row_no),
              (r.problems ?? [])
                .map(
                  (p) => `${p.field ? `${p.field}: ` : ''}${translate(locale, `field.${p.code}`, p.params)}`,
                )
                .join('; '),
              ...(r.cells ?? []),
            ].map(safeCell),
          ),
        )
        after = page[page.length - 1]!.row_no
      }
    },

    async templates(actor: Actor, object: string): Promise<ImportTemplate[]> {
      await objectOf(actor, object)
      const rows = await inWs(actor, (trx) => repo.listTemplates(trx, actor.workspaceId, object))
      return rows.map(toTemplate)
    },

    async saveTemplate(actor: Actor, input: TemplateInput): Promise<ImportTemplate> {
      const object = await objectOf(actor, input.object)
      if (!canObject(actor, object.name, 'create')) throw errors.forbidden()
      const issues = mappingIssues(
        input.columns.map((c, i) => ({ column: i, field: c.field })),
        input.columns.length,
        object,
      ).map((x) => ({ ...x, path: x.path.replace(/^mapping/, 'columns') }))
      if (issues.length) throw errors.validation(issues)
      const t = await inWs(actor, (trx) =>
        repo.upsertTemplate(trx, actor.workspaceId, {
          id: newId(),
          object: object.name,
          name: input.name,
          columns: input.columns,
          userId: actor.userId,
        }),
      )
      return toTemplate(t)
    },

    async deleteTemplate(actor: Actor, id: string): Promise<void> {
      if (!isUuid(id)) throw errors.notFound()
      const t = await inWs(actor, (trx) => repo.getTemplate(trx, actor.workspaceId, id))
      if (!t) throw errors.notFound()
      if (!canObject(actor, t.object_name, 'create')) throw errors.forbidden()
      await inWs(actor, (trx) => repo.deleteTemplate(trx, actor.workspaceId, id))
    },
  }
}

const toTemplate = (t: repo.TemplateRow): ImportTemplate => ({
  id: t.id,
  object: t.object_name,
  name: t.name,
  columns: t.columns,
  createdAt: t.created_at.toISOString(),
})

export type ImportService = ReturnType<typeof createImportService>
