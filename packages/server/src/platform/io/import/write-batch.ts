import type { DuplicatePolicy } from '@kemai/shared/api/imports.api'
import type { Actor } from '../../access/actor.ts'
import type { Tx } from '../../db/tx.ts'
import { AppError } from '../../errors.ts'
import type { BatchOp, BatchResult, RecordsService } from '../../records/service.ts'
import type { PreparedRow, RowProblem } from './prepare.ts'

/** What became of one row. */
export type RowOutcome =
  | { row: PreparedRow; kind: 'created'; id: string }
  | {
      row: PreparedRow
      kind: 'updated'
      id: string
      before: Record<string, unknown>
      after: Record<string, unknown>
    }
  | { row: PreparedRow; kind: 'skipped' }
  | { row: PreparedRow; kind: 'failed'; problems: RowProblem[] }

const OP_PATH = /^operations\.(\d+)(?:\.data\.([^.]+))?/

/** A records-service error as the problems of the rows it names (by `operations.<i>` path). */
export function problemsByOp(e: AppError): Map<number, RowProblem[]> {
  const out = new Map<number, RowProblem[]>()
  const code =
    e.code === 'duplicate_candidates'
      ? 'duplicate_of'
      : e.code === 'version_conflict'
        ? 'changed_since'
        : e.code === 'record_not_found'
          ? 'not_found'
          : null
  for (const issue of e.issues) {
    const m = OP_PATH.exec(issue.path)
    if (!m) continue
    const i = Number(m[1])
    const p: RowProblem = {
      field: m[2] ?? '',
      code: m[2] ? issue.code : (code ?? issue.code),
      ...(issue.params && { params: issue.params }),
    }
    out.set(i, [...(out.get(i) ?? []), p])
  }
  return out
}

function resultProblems(r: Extract<BatchResult, { ok: false }>, index: number): RowProblem[] {
  const found = problemsByOp(r.error).get(index)
  if (found?.length) return found
  const fieldIssues = r.error.issues.map((x) => ({
    field: x.path.replace(/^operations\.\d+\.data\./, ''),
    code: x.code,
    ...(x.params && { params: x.params }),
  }))
  if (fieldIssues.length) return fieldIssues
  const code =
    r.error.code === 'duplicate_candidates'
      ? 'duplicate_of'
      : r.error.code === 'version_conflict'
        ? 'changed_since'
        : r.error.code
  return [{ field: '', code }]
}

/** Thrown from `within` to leave nothing behind (preview, or a batch another runner already wrote). */
export class Rollback extends Error {}

/**
 * Writes prepared rows through the records service batch path (ARCHITECTURE rule 1): rows with their own
 * problems fail, matched rows are skipped or become updates (policy), the rest are created. All-or-nothing
 * first (one multi-row insert, fast); rows the service rejects are taken out and the rest retried; after a
 * few rounds, or for an error that names no row, one savepoint per row (`partial`). `within` runs in the
 * transaction that writes, with the final outcomes.
 */
export async function writeRows(
  records: RecordsService,
  actor: Actor,
  object: string,
  rows: readonly PreparedRow[],
  policy: DuplicatePolicy,
  within: (trx: Tx | null, outcomes: RowOutcome[]) => Promise<void>,
): Promise<RowOutcome[]> {
  const fixed: RowOutcome[] = []
  let pending: { row: PreparedRow; op: BatchOp; before: Record<string, unknown> | null }[] = []
  for (const row of rows) {
    if (row.problems.length) fixed.push({ row, kind: 'failed', problems: row.problems })
    else if (row.match && policy === 'skip') fixed.push({ row, kind: 'skipped' })
    else if (row.match && policy === 'update') {
      const data = row.values
      const before = Object.fromEntries(Object.keys(data).map((k) => [k, row.match!.record[k] ?? null]))
      pending.push({
        row,
        op: { op: 'update', id: row.match.id, version: row.match.record.version, data },
        before,
      })
    } else pending.push({ row, op: { op: 'create', data: row.values }, before: null })
  }
  const allowDuplicate = policy === 'create'
  const finish = (results: BatchResult[]): RowOutcome[] =>
    results.map((r, i) => {
      const p = pending[i]!
      if (!r.ok) return { row: p.row, kind: 'failed', problems: resultProblems(r, r.index) }
      if (p.op.op === 'update') {
        const rec = r.record ?? {}
        const after = Object.fromEntries(
          Object.keys(p.before!).map((k) => [k, (rec as Record<string, unknown>)[k] ?? null]),
        )
        return { row: p.row, kind: 'updated', id: r.id, before: p.before!, after }
      }
      return { row: p.row, kind: 'created', id: r.id }
    })
  for (let round = 0; round < 3 && pending.length; round++) {
    try {
      let outcomes: RowOutcome[] = []
      await records.batch(
        actor,
        object,
        pending.map((p) => p.op),
        {
          allowDuplicate,
          within: async (trx, results) => {
            outcomes = [...fixed, ...finish(results)]
            await within(trx, outcomes)
          },
        },
      )
      return outcomes
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      const bad = problemsByOp(e)
      if (bad.size === 0) break
      const keep: typeof pending = []
      pending.forEach((p, i) => {
        const problems = bad.get(i)
        if (problems) fixed.push({ row: p.row, kind: 'failed', problems })
        else keep.push(p)
      })
      pending = keep
    }
  }
  if (pending.length === 0) {
    const outcomes = [...fixed]
    await within(null, outcomes)
    return outcomes
  }
  let outcomes: RowOutcome[] = []
  await records.batch(
    actor,
    object,
    pending.map((p) => p.op),
    {
      partial: true,
      allowDuplicate,
      within: async (trx, results) => {
        outcomes = [...fixed, ...finish(results)]
        await within(trx, outcomes)
      },
    },
  )
  return outcomes
}

/**
 * Rows with problems of their own (a company name that matches nothing) are never written, but their other
 * fields are still checked by the records service, in a batch that rolls back, so a row's problems are all
 * reported at once. Adds what it finds to the rows' problems.
 */
export async function checkFailedRows(
  records: RecordsService,
  actor: Actor,
  object: string,
  rows: PreparedRow[],
  policy: DuplicatePolicy,
): Promise<void> {
  const probe = rows.filter((r) => r.problems.length > 0 && r.problems.every((x) => x.field !== ''))
  if (probe.length === 0) return
  let found: RowOutcome[] = []
  try {
    await writeRows(
      records,
      actor,
      object,
      probe.map((p) => ({ ...p, problems: [] })),
      policy,
      async (_trx, o) => {
        found = o
        throw new Rollback('check')
      },
    )
  } catch (e) {
    if (!(e instanceof Rollback)) throw e
  }
  for (const o of found) {
    if (o.kind !== 'failed') continue
    const row = probe.find((p) => p.row === o.row.row)!
    for (const x of o.problems) if (!row.problems.some((y) => y.field === x.field)) row.problems.push(x)
  }
}
