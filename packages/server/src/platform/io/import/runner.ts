import type { DuplicatePolicy } from '@kemai/shared/api/imports.api'
import type { ObjectDef } from '@kemai/shared/fields'
import type { Actor } from '../../access/actor.ts'
import { audit } from '../../audit/audit.ts'
import { type Db, type Tx, withWorkspace } from '../../db/tx.ts'
import { AppError } from '../../errors.ts'
import { enqueue } from '../../events/boss.ts'
import type { FileService } from '../../files/files.service.ts'
import type { MetadataService } from '../../metadata/service.ts'
import { rulesFor } from '../../records/duplicates/rules.ts'
import type { BatchOp, RecordsService } from '../../records/service.ts'
import { sameValue } from '../../records/values.ts'
import * as repo from './imports.repo.ts'
import { prepareRows } from './prepare.ts'
import { MAX_ROWS, openSource, type SourceRow } from './source.ts'
import { checkFailedRows, Rollback, type RowOutcome, writeRows } from './write-batch.ts'

export const IMPORT_QUEUE = 'kemai.import'
/** Rows per batch: one records-service batch and one transaction each. */
export const BATCH_ROWS = 1000

export interface RunnerDeps {
  db: Db
  records: RecordsService
  metadata: MetadataService
  files: FileService
  loadActor(workspaceId: string, userId: string, locale: 'zh-CN' | 'en'): Promise<Actor>
  /** a job runs this long, then hands over to a fresh job (pg-boss time limits stay far away) */
  sliceMs?: number
  /** tests and the benchmark: called after each committed batch, with where its time went (ms) */
  onBatch?: (
    importId: string,
    cursor: number,
    ms: { read: number; prepare: number; write: number },
  ) => Promise<void> | void
}

export interface ImportJobData {
  workspaceId: string
  importId: string
  action: 'run' | 'undo'
}

const tx = <T>(deps: RunnerDeps, ws: string, fn: (trx: Tx) => Promise<T>) => withWorkspace(deps.db, ws, fn)

/**
 * One import job run: reads the file from the committed cursor on, in batches of BATCH_ROWS rows, each written
 * through the records service with its bookkeeping (cursor, counts, created ids, updated rows' before/after,
 * failed rows) in the same transaction. A crash loses only the batch in flight; the retried job resumes
 * there. Cancelling moves the status away from `running`, which makes the next batch's bookkeeping refuse
 * (so that batch rolls back) and the run end as `cancelled`.
 */
export async function runImport(deps: RunnerDeps, data: ImportJobData): Promise<void> {
  const ws = data.workspaceId
  const started = Date.now()
  const job = await tx(deps, ws, async (trx) => {
    const j = await repo.getImport(trx, ws, data.importId, true)
    if (!j) return null
    if (j.status === 'queued') {
      await repo.setImport(trx, ws, j.id, { status: 'running', started_at: new Date().toISOString() })
      j.status = 'running'
    }
    if (j.status === 'cancelling') {
      await repo.setImport(trx, ws, j.id, { status: 'cancelled', finished_at: new Date().toISOString() })
      return null
    }
    return j.status === 'running' ? j : null
  })
  if (!job?.created_by) return
  const actor = { ...(await deps.loadActor(ws, job.created_by, 'zh-CN')), channel: 'import' as const }
  const schema = await deps.metadata.getSchema(actor)
  const object: ObjectDef = deps.metadata.objectIn(schema, job.object_name)
  const rules = job.policy === 'create' ? null : rulesFor(object)
  const { stream } = await deps.files.open(actor, job.file_id)
  const source = await openSource(stream, {
    name: job.file_name,
    format: job.format as 'csv',
    encoding: job.encoding as 'auto',
  })
  let cursor = job.cursor
  let seq = await tx(deps, ws, (trx) => repo.nextBatchSeq(trx, ws, job.id))
  try {
    const buffer: SourceRow[] = []
    let done = false
    let consumed = 0
    const sliceMs = deps.sliceMs ?? 60_000
    while (!done) {
      // skip what committed batches already consumed, then fill one batch
      const tRead = Date.now()
      buffer.length = 0
      for (;;) {
        const n = await source.rows.next()
        if (n.done) {
          done = true
          break
        }
        consumed++
        if (consumed <= cursor) continue
        if (consumed > MAX_ROWS) {
          await finish(deps, ws, job.id, 'failed', 'too_many_rows')
          return
        }
        buffer.push(n.value)
        if (buffer.length >= BATCH_ROWS) break
      }
      if (buffer.length === 0) break
      const t0 = Date.now()
      const readMs = t0 - tRead
      const prepared = await prepareRows(deps, actor, object, job.mapping, buffer, rules)
      await checkFailedRows(deps.records, actor, object.name, prepared, job.policy as DuplicatePolicy)
      const from = cursor
      const to = cursor + buffer.length
      const book = (outcomes: RowOutcome[]): repo.BatchBookkeeping => ({
        seq,
        firstRow: buffer[0]!.row,
        lastRow: buffer[buffer.length - 1]!.row,
        fromCursor: from,
        toCursor: to,
        bytesRead: source.bytesRead(),
        createdIds: outcomes.flatMap((o) => (o.kind === 'created' ? [o.id] : [])),
        created: outcomes.filter((o) => o.kind === 'created').length,
        updated: outcomes.filter((o) => o.kind === 'updated').length,
        skipped: outcomes.filter((o) => o.kind === 'skipped').length,
        failed: outcomes.filter((o) => o.kind === 'failed').length,
        runMs: Date.now() - t0,
        rows: outcomes.flatMap((o): repo.BatchBookkeeping['rows'] =>
          o.kind === 'updated'
            ? [
                {
                  row_no: o.row.row,
                  outcome: 'updated' as const,
                  record_id: o.id,
                  before: o.before,
                  after: o.after,
                  cells: null,
                  problems: null,
                },
              ]
            : o.kind === 'failed'
              ? [
                  {
                    row_no: o.row.row,
                    outcome: 'failed' as const,
                    record_id: null,
                    before: null,
                    after: null,
                    cells: o.row.cells,
                    problems: o.problems,
                  },
                ]
              : [],
        ),
      })
      const keep = async (trx: Tx, outcomes: RowOutcome[]) => {
        if (!(await repo.recordBatch(trx, ws, job.id, book(outcomes)))) throw new Rollback('superseded')
      }
      const tWrite = Date.now()
      try {
        await writeRows(
          deps.records,
          actor,
          object.name,
          prepared,
          job.policy as DuplicatePolicy,
          (trx, outcomes) => (trx ? keep(trx, outcomes) : tx(deps, ws, (own) => keep(own, outcomes))),
        )
      } catch (e) {
        if (!(e instanceof Rollback)) throw e
        // cancelled meanwhile, or another run of this import moved on: this batch is rolled back
        await tx(deps, ws, async (trx) => {
          const j = await repo.getImport(trx, ws, job.id, true)
          if (j?.status === 'cancelling')
            await repo.setImport(trx, ws, job.id, {
              status: 'cancelled',
              finished_at: new Date().toISOString(),
            })
        })
        return
      }
      cursor = to
      seq++
      await deps.onBatch?.(job.id, cursor, { read: readMs, prepare: tWrite - t0, write: Date.now() - tWrite })
      if (!done && Date.now() - started > sliceMs) {
        // hand over to a fresh job: it resumes from the cursor just committed
        await tx(deps, ws, (trx) => enqueue(trx, IMPORT_QUEUE, data))
        return
      }
    }
    await tx(deps, ws, async (trx) => {
      const j = await repo.getImport(trx, ws, job.id, true)
      if (j?.status === 'running') {
        await repo.setImport(trx, ws, job.id, {
          status: 'done',
          total: cursor,
          finished_at: new Date().toISOString(),
        })
        await audit(trx, {
          workspaceId: ws,
          action: 'import.finished',
          actorId: job.created_by,
          targetType: 'import',
          targetId: job.id,
          detail: {
            object: job.object_name,
            rows: cursor,
            created: j.created_count,
            updated: j.updated_count,
            skipped: j.skipped_count,
            failed: j.failed_count,
          },
        })
      } else if (j?.status === 'cancelling') {
        await repo.setImport(trx, ws, job.id, { status: 'cancelled', finished_at: new Date().toISOString() })
      }
    })
  } catch (e) {
    // a file that became unreadable midway (encoding, broken quote): the run stops with the problem's code
    if (e instanceof AppError && e.status < 500) {
      const code = e.issues[0]?.code ?? e.code
      await finish(deps, ws, job.id, 'failed', code)
      return
    }
    throw e
  } finally {
    source.close()
  }
}

async function finish(deps: RunnerDeps, ws: string, id: string, status: string, error: string | null) {
  await tx(deps, ws, (trx) =>
    repo.setImport(trx, ws, id, { status, error, finished_at: new Date().toISOString() }),
  )
}

/**
 * Undo: newest batch first, its created records deleted and its updated fields set back to their values
 * before the import, all through the records service; a field someone changed after the import keeps the
 * newer value. Each batch is marked undone in the transaction that reverts it, so an undo resumes too.
 */
export async function undoImport(deps: RunnerDeps, data: ImportJobData): Promise<void> {
  const ws = data.workspaceId
  const job = await tx(deps, ws, (trx) => repo.getImport(trx, ws, data.importId))
  if (job?.status !== 'undoing' || !job.created_by) return
  const actor = { ...(await deps.loadActor(ws, job.created_by, 'zh-CN')), channel: 'import' as const }
  for (;;) {
    const [batch] = await tx(deps, ws, (trx) => repo.batchesToUndo(trx, ws, job.id, 1))
    if (!batch) break
    const updated = await tx(deps, ws, (trx) =>
      repo.updatedRows(trx, ws, job.id, batch.first_row, batch.last_row),
    )
    const ops: BatchOp[] = batch.created_ids.map((id) => ({ op: 'delete' as const, id }))
    if (updated.length) {
      const byId = new Map<string, Record<string, unknown>>()
      for (let i = 0; i < updated.length; i += 500) {
        const page = await deps.records.list(actor, job.object_name, {
          filter: { field: 'id', op: 'in', value: updated.slice(i, i + 500).map((u) => u.record_id) },
          limit: 500,
        })
        for (const r of page.data) byId.set(r.id, r)
      }
      for (const u of updated) {
        const now = byId.get(u.record_id)
        if (!now) continue
        const revert = Object.fromEntries(
          Object.keys(u.before)
            .filter((k) => sameValue(now[k] ?? null, u.after[k] ?? null))
            .map((k) => [k, u.before[k]]),
        )
        if (Object.keys(revert).length) ops.push({ op: 'update', id: u.record_id, data: revert })
      }
    }
    const mark = (trx: Tx) => repo.markBatchUndone(trx, ws, job.id, batch.seq)
    if (ops.length === 0) await tx(deps, ws, mark)
    else
      for (let i = 0; i < ops.length; i += 1000) {
        const last = i + 1000 >= ops.length
        await deps.records.batch(actor, job.object_name, ops.slice(i, i + 1000), {
          partial: true,
          allowDuplicate: true,
          within: async (trx) => {
            if (last) await mark(trx)
          },
        })
      }
  }
  await tx(deps, ws, async (trx) => {
    await repo.setImport(trx, ws, job.id, { status: 'undone', finished_at: new Date().toISOString() })
    await audit(trx, {
      workspaceId: ws,
      action: 'import.undone',
      actorId: job.created_by,
      targetType: 'import',
      targetId: job.id,
      detail: { object: job.object_name, created: job.created_count, updated: job.updated_count },
    })
  })
}
