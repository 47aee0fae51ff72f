import { sql } from 'kysely'
import { type Db, withPlatform, withWorkspace } from '../platform/db/tx.ts'

/** The workspace with this slug and its owner, if it exists (platform transaction: slugs are global). */
export async function findWorkspaceBySlug(
  db: Db,
  slug: string,
): Promise<{ id: string; ownerId: string | null } | undefined> {
  return withPlatform(db, async (trx) => {
    const r = await sql<{ id: string; owner_id: string | null }>`select w.id,
        (select u.id from app_user u where u.workspace_id = w.id and u.is_owner order by u.created_at limit 1) as owner_id
      from workspace w where w.slug = ${slug}`.execute(trx)
    const row = r.rows[0]
    return row ? { id: row.id, ownerId: row.owner_id } : undefined
  })
}

/** Live timeline activities of a workspace (for the demo's summary). */
export async function countActivities(db: Db, workspaceId: string): Promise<number> {
  return withWorkspace(db, workspaceId, async (trx) => {
    const r = await sql<{ n: number }>`select count(*)::int as n from activity
      where workspace_id = ${workspaceId} and deleted_at is null`.execute(trx)
    return r.rows[0]?.n ?? 0
  })
}
