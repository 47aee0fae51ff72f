import type { Actor } from '../access/actor.ts'
import { assertCanAdmin } from '../access/permissions.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { type AuditFilter, type AuditPage, listAuditLog } from './audit.ts'

export type AuditLogService = ReturnType<typeof createAuditLogService>

/** Reading the audit log (admins only). Writing is `audit()` inside each change's transaction. */
export function createAuditLogService({ db }: { db: Db }) {
  async function list(actor: Actor, filter: AuditFilter): Promise<AuditPage> {
    assertCanAdmin(actor, 'audit_log', 'read')
    return withWorkspace(db, actor.workspaceId, (trx) => listAuditLog(trx, actor.workspaceId, filter))
  }
  return { list }
}
