import type { Actor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import type { Db } from '../db/tx.ts'
import { type AuditRow, insertAudit, listAudit } from './audit.repo.ts'

/** What the audit log records. Modules add `metadata.*`, `export.*` and `system.*` actions. */
export type AuditAction =
  | 'workspace.created'
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'user.created'
  | 'user.updated'
  | 'user.deactivated'
  | 'team.created'
  | 'team.updated'
  | 'team.deleted'
  | 'team.member_set'
  | 'team.member_removed'
  | 'role.created'
  | 'role.updated'
  | 'role.deleted'
  | 'role.grant_set'
  | 'role.grant_removed'
  | 'api_key.created'
  | 'api_key.used'
  | 'api_key.revoked'
  | `metadata.${string}`
  | `export.${string}`
  | `system.${string}`
  | `import.${string}`
  | `approval.${string}`
  | 'file.deleted'
  | 'records.merged'
  | 'records.unmerged'

export interface AuditEntry {
  workspaceId: string
  action: AuditAction
  actorId?: string | null | undefined
  apiKeyId?: string | null | undefined
  ip?: string | null | undefined
  targetType?: string | null | undefined
  targetId?: string | null | undefined
  detail?: Record<string, unknown> | undefined
}

// Secrets never reach the log, whatever a caller passes in `detail`.
const SECRET_KEY = /pass(word)?|secret|token|^key$|hash/i

function scrub(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(detail)) {
    if (SECRET_KEY.test(k)) continue
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) ? scrub(v as Record<string, unknown>) : v
  }
  return out
}

/**
 * Appends one entry to the audit log inside the caller's transaction (so it commits or rolls back with
 * the change it describes). Works in a workspace transaction (RLS) and in a platform one.
 * @example await audit(trx, { ...auditActor(actor), action: 'role.updated', targetType: 'role', targetId: id })
 */
export async function audit(q: Db, e: AuditEntry): Promise<void> {
  await insertAudit(q, {
    workspace_id: e.workspaceId,
    id: newId(),
    action: e.action,
    actor_id: e.actorId ?? null,
    api_key_id: e.apiKeyId ?? null,
    ip: e.ip ?? null,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    detail: scrub(e.detail ?? {}),
  })
}

/**
 * The audit logger of one kind of workspace configuration (a workflow, a form): each change goes to the log
 * as `metadata.<kind>_<what>` with the thing's id, in the caller's transaction.
 */
export const configAudit =
  (kind: string) =>
  (trx: Db, actor: Actor, what: string, id: string, detail: Record<string, unknown> = {}): Promise<void> =>
    audit(trx, {
      ...auditActor(actor),
      action: `metadata.${kind}_${what}`,
      targetType: kind,
      targetId: id,
      detail,
    })

/** The who of an audit entry, taken from an actor (system actors record their reason). */
export function auditActor(
  actor: Actor,
  ip?: string | null,
): Pick<AuditEntry, 'workspaceId' | 'actorId' | 'apiKeyId' | 'ip'> {
  return { workspaceId: actor.workspaceId, actorId: actor.userId, apiKeyId: actor.apiKeyId, ip: ip ?? null }
}

export interface AuditPage {
  data: AuditRow[]
  nextCursor: string | null
}

export interface AuditFilter {
  action?: string | undefined
  actorId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  limit?: number | undefined
  cursor?: string | undefined
}

/** One page of a workspace's audit log, newest first. The cursor is the last id of the page. */
export async function listAuditLog(q: Db, workspaceId: string, f: AuditFilter): Promise<AuditPage> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200)
  const rows = await listAudit(q, workspaceId, { ...f, beforeId: f.cursor, limit: limit + 1 })
  const data = rows.slice(0, limit)
  return { data, nextCursor: rows.length > limit ? (data[data.length - 1]?.id ?? null) : null }
}
