import type { Actor } from '../access/actor.ts'
import { recordScopeOwners } from '../access/permissions.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import type { SearchIndexer } from '../records/ports.ts'
import {
  deleteSearchDocsSql,
  type SearchResult,
  type SearchVisibility,
  search,
  upsertSearchDocs,
  upsertSearchDocsSql,
} from './search.repo.ts'

export const MAX_QUERY_LENGTH = 200

/** The records write path's view of search: one document per record, written in the record's transaction. */
export const searchIndexer: SearchIndexer = {
  async upsert(trx, docs) {
    if (docs.length) await upsertSearchDocs(trx, docs)
  },
  upsertSql: (docs) => upsertSearchDocsSql(docs),
  removeSql: (workspaceId, objectName, recordIds) => deleteSearchDocsSql(workspaceId, objectName, recordIds),
}

/**
 * Global search across objects, with the actor's object and record-level read rights applied inside the
 * query (a hidden record is never ranked, counted or returned).
 */
export function createSearchService(deps: { db: Db; metadata: MetadataService }) {
  return {
    async search(
      actor: Actor,
      q: string,
      opts: { objects?: string[]; limit?: number } = {},
    ): Promise<SearchResult> {
      if (q.length > MAX_QUERY_LENGTH)
        throw errors.badRequest([{ path: 'q', code: 'too_long', params: { max: MAX_QUERY_LENGTH } }])
      return withWorkspace(
        deps.db,
        actor.workspaceId,
        async (trx, ws) => {
          const schema = await deps.metadata.schemaIn(trx, ws)
          const visibility: Record<string, SearchVisibility[string]> = {}
          for (const o of schema.objects.values()) {
            if (!o.isActive) continue
            const owners = recordScopeOwners(actor, o.name, 'read')
            visibility[o.name] = owners === 'all' || owners === 'none' ? owners : { ownerIn: owners }
          }
          return search(trx, {
            workspaceId: actor.workspaceId,
            q,
            objects: opts.objects,
            limit: opts.limit ?? 10,
            visibility,
          })
        },
        { read: true },
      )
    },
  }
}

export type SearchService = ReturnType<typeof createSearchService>
