import type { ObjectDef } from '@kemai/shared/fields'
import type { RawBuilder } from 'kysely'
import type { Actor, Channel } from '../access/actor.ts'
import type { Tx } from '../db/tx.ts'
import type { WorkspaceSchema } from '../metadata/service.ts'

/** What the records service needs from search (platform/search implements it). */
export interface SearchIndexer {
  upsert(trx: Tx, docs: SearchDocInput[]): Promise<void>
  /** upsert as one statement to embed in a larger write (at most 500 documents) */
  upsertSql(docs: SearchDocInput[]): RawBuilder<unknown>
  /** remove as one statement to embed in a larger write */
  removeSql(workspaceId: string, objectName: string, recordIds: string[]): RawBuilder<unknown>
}

export interface SearchDocInput {
  workspaceId: string
  objectName: string
  recordId: string
  title: string
  subtitle: string
  texts: string[]
  personNameTexts: string[]
  ownerId: string | null
}

/** What the records service needs from events (platform/events implements it). */
export interface EventSink {
  append(trx: Tx, events: OutboxEventInput[]): Promise<void>
  /**
   * append as one statement to embed in a larger write, and the expression the embedding statement
   * selects so that other processes hear of the events at commit (null: nobody to tell)
   */
  appendSql(events: OutboxEventInput[]): {
    statement: RawBuilder<unknown>
    notify: RawBuilder<unknown> | null
  }
  /** called after a commit that appended events, to wake the dispatcher */
  notify(): void
}

export interface OutboxEventInput {
  workspaceId: string
  type: string
  objectName: string | null
  recordId: string | null
  actorId: string | null
  channel: Channel
  payload: Record<string, unknown>
}

/** Compiles a filter AST (JSON from a request or a saved view) to SQL for one object. */
export type FilterCompiler = (
  filter: unknown,
  ctx: { schema: WorkspaceSchema; object: ObjectDef; actor: Actor; alias: string; path: string },
) => RawBuilder<boolean>
