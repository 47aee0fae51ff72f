import { type Kysely, sql } from 'kysely'

/**
 * Indexes for the access queries that would otherwise scan a workspace's rows: the audit log filtered by
 * actor or action (exact or `prefix.*`) in id order, API keys per user, users per role, expired
 * sessions. Only indexes: the code works without them. Idempotent.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations work on tables that are not typed
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
create index if not exists audit_log_actor on audit_log (workspace_id, actor_id, id desc);
create index if not exists audit_log_action on audit_log (workspace_id, action text_pattern_ops, id desc);
create index if not exists api_key_user on api_key (workspace_id, user_id);
create index if not exists app_user_role on app_user (workspace_id, role_id);
create index if not exists session_expires on session (expires_at);
`)
    .execute(db)
}
