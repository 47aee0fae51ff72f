import type { Db } from '../db/tx.ts'

export interface AuditRow {
  workspace_id: string
  id: string
  action: string
  actor_id: string | null
  api_key_id: string | null
  ip: string | null
  target_type: string | null
  target_id: string | null
  detail: Record<string, unknown>
  at: Date
}

export interface AuditQuery {
  /** exact action, or a prefix such as `auth.*` */
  action?: string | undefined
  actorId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  /** id of the last entry of the previous page */
  beforeId?: string | undefined
  limit: number
}

export async function insertAudit(q: Db, row: Omit<AuditRow, 'at'>): Promise<void> {
  await q
    .insertInto('audit_log')
    .values({ ...row, detail: JSON.stringify(row.detail) })
    .execute()
}

/** Newest first. Ids are UUID v7 (time-ordered), so the primary key (workspace_id, id) serves the order. */
export async function listAudit(q: Db, workspaceId: string, f: AuditQuery): Promise<AuditRow[]> {
  let query = q.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId)
  if (f.action?.endsWith('.*')) query = query.where('action', 'like', `${f.action.slice(0, -1)}%`)
  else if (f.action) query = query.where('action', '=', f.action)
  if (f.actorId) query = query.where('actor_id', '=', f.actorId)
  if (f.from) query = query.where('at', '>=', f.from)
  if (f.to) query = query.where('at', '<', f.to)
  if (f.beforeId) query = query.where('id', '<', f.beforeId)
  return query.orderBy('id', 'desc').limit(f.limit).$castTo<AuditRow>().execute()
}
