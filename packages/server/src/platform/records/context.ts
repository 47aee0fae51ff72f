import type { ObjectDef } from '@kemai/shared/fields'
import { type RawBuilder, sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { LeadRows, Tx } from '../db/tx.ts'
import { tableName } from '../metadata/ddl.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import { recordScopeOwners } from './access.ts'
import type { HookRegistry } from './hooks.ts'
import type { EventSink, FilterCompiler, SearchIndexer } from './ports.ts'

export interface RecordsDeps {
  db: import('../db/tx.ts').Db
  metadata: MetadataService
  search: SearchIndexer
  events: EventSink
  compileFilter: FilterCompiler
  hooks?: HookRegistry
  /** told how many rows a transaction wrote to a table (PGlite's auto-analyze) */
  onWritten?: (dbSchema: string, table: string, rows: number) => void
}

/** Everything one operation of the records pipeline works with, inside its workspace transaction. */
export interface Ctx {
  trx: Tx
  actor: Actor
  schema: WorkspaceSchema
  object: ObjectDef
  deps: RecordsDeps & { hooks: HookRegistry }
  /**
   * The SELECT … FOR UPDATE of record `id` already sent with BEGIN (withWorkspace `lead`), when it could
   * be: selectOne answers that exact read from these rows instead of asking again.
   */
  lead?: { id: string; deleted: boolean; rows: LeadRows }
}

/** The object's table (or another object's, for relations) in the workspace schema. */
export const table = (ctx: Pick<Ctx, 'schema' | 'object'>, name = ctx.object.name) =>
  sql`${sql.id(ctx.schema.dbSchema)}.${sql.id(tableName(name))}`

export function scopeWhere(
  ctx: Pick<Ctx, 'actor' | 'object'>,
  mode: 'read' | 'write',
  alias = 't',
): RawBuilder<boolean> {
  const owners = recordScopeOwners(ctx.actor, ctx.object.name, mode)
  if (owners === 'all') return sql<boolean>`true`
  if (owners === 'none') return sql<boolean>`false`
  return sql<boolean>`${sql.ref(`${alias}.owner_id`)} = any(${owners}::uuid[])`
}
