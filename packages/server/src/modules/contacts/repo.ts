import { sql } from 'kysely'
import { tableName } from '../../platform/metadata/ddl.ts'
import type { HookContext } from '../../platform/records/hooks.ts'

/** Queries the contacts module's hooks need, inside the write's transaction. */

/** Whether `ancestor` is `id` or above it in the company hierarchy (walking `parent` up, at most 100 levels). */
export async function isAncestorOrSelf(
  ctx: HookContext,
  id: string,
  candidateParent: string,
): Promise<boolean> {
  if (id.toLowerCase() === candidateParent.toLowerCase()) return true
  const table = sql`${sql.id(ctx.schema.dbSchema)}.${sql.id(tableName(ctx.object.name))}`
  // the new parent's chain of ancestors; the edit loops when the record is one of them
  const r = await sql<{ found: boolean }>`with recursive up(id, depth) as (
      select parent, 1 from ${table} where workspace_id = ${ctx.actor.workspaceId} and id = ${candidateParent}::uuid
      union all
      select c.parent, up.depth + 1 from ${table} c join up on c.id = up.id
      where c.workspace_id = ${ctx.actor.workspaceId} and up.depth < 100 and up.id is not null
    )
    select exists (select 1 from up where id = ${id}::uuid) as found`.execute(ctx.trx)
  return r.rows[0]?.found === true
}
