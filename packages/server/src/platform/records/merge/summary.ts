import type { MergeSummary, UnmergeConflict } from '@kemai/shared/api/merge.api'
import { sql } from 'kysely'
import type { Actor } from '../../access/actor.ts'
import type { Tx } from '../../db/tx.ts'
import { errors } from '../../errors.ts'

/** A record_merge row (jsonb columns arrive parsed; they are written as JSON text). */
export interface MergeRow {
  workspace_id: string
  id: string
  object_name: string
  survivor_id: string
  loser_ids: string[]
  choices: unknown
  changed: string[]
  survivor_before: unknown
  survivor_after: unknown
  losers: unknown
  moves: unknown
  counts: unknown
  actor_id: string | null
  created_at: Date | string
  expires_at: Date | string
  undone_at?: Date | string | null
  undone_by?: string | null
  undo_conflicts?: unknown
}

const iso = (v: Date | string) => new Date(v).toISOString()

export function toSummary(row: MergeRow, titleField: string): MergeSummary {
  const losers = (row.losers ?? []) as { record: Record<string, unknown> }[]
  const counts = (row.counts ?? {}) as Partial<MergeSummary['counts']>
  const undoneAt = row.undone_at ? iso(row.undone_at) : null
  return {
    id: row.id,
    object: row.object_name,
    survivorId: row.survivor_id,
    loserIds: row.loser_ids,
    loserTitles: Object.fromEntries(
      losers.map((l) => [String(l.record.id), String(l.record[titleField] ?? '')]),
    ),
    changed: row.changed,
    counts: {
      relations: counts.relations ?? 0,
      droppedLinks: counts.droppedLinks ?? 0,
      activities: counts.activities ?? 0,
      files: counts.files ?? 0,
      follows: counts.follows ?? 0,
      notifications: counts.notifications ?? 0,
    },
    createdAt: iso(row.created_at),
    createdBy: row.actor_id,
    expiresAt: iso(row.expires_at),
    undoneAt,
    undoneBy: row.undone_by ?? null,
    undoConflicts: (row.undo_conflicts ?? []) as UnmergeConflict[],
    undoable: undoneAt === null && new Date(row.expires_at).getTime() > Date.now(),
  }
}

/** One merge of the actor's workspace (404 otherwise), locked for an unmerge. */
export async function readMerge(trx: Tx, actor: Actor, id: string, lock = false): Promise<MergeRow> {
  const r = await sql<MergeRow>`select * from record_merge where workspace_id = ${actor.workspaceId}
    and id = ${id} ${lock ? sql`for update` : sql``}`.execute(trx)
  const row = r.rows[0]
  if (!row) throw errors.notFound()
  return row
}
