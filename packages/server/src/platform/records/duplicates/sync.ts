import { sql } from 'kysely'
import type { Tx } from '../../db/tx.ts'
import { tableName } from '../../metadata/ddl.ts'
import type { WorkspaceSchema } from '../../metadata/service.ts'
import { rowToRecord, selectColumns } from '../shape.ts'
import { keysOf, rulesFor } from './rules.ts'

const BATCH = 1000

/**
 * Brings the key index of a workspace up to its rules: for every object with the check on whose keys
 * were built with other rules (or never: records from before migration 10, an object just turned on),
 * drops its keys and derives them again from every record, in batches. Run at start (kernel
 * syncWorkspaces); the write path keeps them current afterwards. Returns the records indexed.
 */
export async function syncDedupKeys(trx: Tx, schema: WorkspaceSchema): Promise<number> {
  let indexed = 0
  for (const object of schema.objects.values()) {
    const rules = rulesFor(object)
    if (!rules || !object.isActive) continue
    const state = await sql<{ rules_hash: string }>`select rules_hash from dedup_key_state
      where workspace_id = ${schema.workspaceId} and object_name = ${object.name}`.execute(trx)
    if (state.rows[0]?.rules_hash === rules.hash) continue
    await sql`delete from dedup_key where workspace_id = ${schema.workspaceId}
      and object_name = ${object.name}`.execute(trx)
    const fields = object.fields.filter((f) => f.isActive)
    const cols = selectColumns(fields)
    let after: string | null = null
    for (;;) {
      const r: { rows: Record<string, unknown>[] } = await sql<Record<string, unknown>>`select ${sql.join(
        cols.map((c) => sql.ref(`t.${c}`)),
      )}
        from ${sql.id(schema.dbSchema)}.${sql.id(tableName(object.name))} as t
        where t.workspace_id = ${schema.workspaceId} ${after ? sql`and t.id > ${after}::uuid` : sql``}
        order by t.id limit ${BATCH}`.execute(trx)
      if (r.rows.length === 0) break
      const values = r.rows.flatMap((row) => {
        const rec = rowToRecord(row, fields)
        return keysOf(rules, rec).map(
          (k) => sql`(${schema.workspaceId}::uuid, ${object.name}, ${k}, ${rec.id}::uuid)`,
        )
      })
      // a few thousand rows per statement keep it far below the bind-parameter limit
      for (let i = 0; i < values.length; i += 4000) {
        await sql`insert into dedup_key (workspace_id, object_name, key, record_id)
          values ${sql.join(values.slice(i, i + 4000))} on conflict do nothing`.execute(trx)
      }
      indexed += r.rows.length
      after = String(r.rows[r.rows.length - 1]!.id)
    }
    await sql`insert into dedup_key_state (workspace_id, object_name, rules_hash)
      values (${schema.workspaceId}, ${object.name}, ${rules.hash})
      on conflict (workspace_id, object_name) do update set rules_hash = excluded.rules_hash, built_at = now()`.execute(
      trx,
    )
  }
  return indexed
}
