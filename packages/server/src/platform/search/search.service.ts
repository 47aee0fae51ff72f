import type { ObjectDef } from '@kemai/shared/fields'
import type { Actor } from '../access/actor.ts'
import { grantFor, recordScopeOwners } from '../access/permissions.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import { isSearchable, searchValues } from '../records/pipeline/effects.ts'
import type { SearchIndexer } from '../records/ports.ts'
import type { RecordsService } from '../records/service.ts'
import {
  deleteSearchDocsSql,
  type SearchResult,
  type SearchVisibility,
  search,
  upsertSearchDocs,
  upsertSearchDocsSql,
} from './search.repo.ts'
import { buildQuery, buildSearchDoc, type SearchQuery } from './tokenize.ts'
import { parseTsvector, tsMatch } from './tsquery-eval.ts'

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
 * query (a hidden record is never ranked, counted or returned). The search document of a record holds all
 * its searchable values, so for an object whose fields the actor's role partly hides (a phone it may not
 * see), each hit is checked again against the values the actor may read, and its subtitle is rebuilt from
 * them: a hidden value neither finds a record nor shows under it.
 */
export function createSearchService(deps: {
  db: Db
  metadata: MetadataService
  records: Pick<RecordsService, 'list'>
}) {
  return {
    async search(
      actor: Actor,
      q: string,
      opts: { objects?: string[]; limit?: number } = {},
    ): Promise<SearchResult> {
      if (q.length > MAX_QUERY_LENGTH)
        throw errors.badRequest([{ path: 'q', code: 'too_long', params: { max: MAX_QUERY_LENGTH } }])
      const { result, partial } = await withWorkspace(
        deps.db,
        actor.workspaceId,
        async (trx, ws) => {
          const schema = await deps.metadata.schemaIn(trx, ws)
          const visibility: Record<string, SearchVisibility[string]> = {}
          const partial = new Map<string, ObjectDef>()
          for (const o of schema.objects.values()) {
            if (!o.isActive) continue
            const owners = recordScopeOwners(actor, o.name, 'read')
            visibility[o.name] = owners === 'all' || owners === 'none' ? owners : { ownerIn: owners }
            if (owners !== 'none' && hidesSearchable(actor, o)) partial.set(o.name, o)
          }
          const result = await search(trx, {
            workspaceId: actor.workspaceId,
            q,
            objects: opts.objects,
            limit: opts.limit ?? 10,
            visibility,
          })
          return { result, partial }
        },
        { read: true },
      )
      const query = partial.size > 0 ? buildQuery(q) : null
      if (!query || !result.hits.some((h) => partial.has(h.objectName))) return result
      // the hits of partly hidden objects, as the actor reads them (records drops the hidden fields)
      const readable = new Map<string, ReturnType<typeof searchValues>>()
      for (const [name, object] of partial) {
        const ids = result.hits.filter((h) => h.objectName === name).map((h) => h.recordId)
        if (ids.length === 0) continue
        const page = await deps.records.list(actor, name, {
          filter: { field: 'id', op: 'in', value: ids },
          limit: ids.length,
        })
        for (const rec of page.data)
          readable.set(`${name}:${rec.id}`, searchValues(object, object.fields, rec))
      }
      const hits = result.hits.flatMap((h) => {
        if (!partial.has(h.objectName)) return [h]
        const values = readable.get(`${h.objectName}:${h.recordId}`)
        return values && matchesReadable(query, values)
          ? [{ ...h, title: values.title, subtitle: values.subtitle || null }]
          : []
      })
      const groups = result.groups
        .map((g) => ({ ...g, hits: hits.filter((h) => h.objectName === g.objectName) }))
        .filter((g) => g.hits.length > 0)
      return { groups, hits }
    },
  }
}

/** Does the actor's role hide a field of `object` whose values go into the search document? */
function hidesSearchable(actor: Actor, object: ObjectDef): boolean {
  if (actor.isAdmin || actor.isSystem) return false
  const rules = grantFor(actor, object.name)?.fields ?? {}
  return object.fields.some((f) => rules[f.name] === 'hidden' && f.isActive && isSearchable(object, f))
}

/**
 * Would a document of only these values match the query? The index-backed ways (title prefix, words,
 * pinyin and initials of the title, digits) and "contains"; a typo-tolerant similarity match cannot be
 * told apart from one on a hidden value here, so it does not count.
 */
function matchesReadable(q: SearchQuery, values: ReturnType<typeof searchValues>): boolean {
  const doc = buildSearchDoc(values)
  const title = doc.title.toLowerCase()
  if (q.titleKeys.some((k) => title.startsWith(k.toLowerCase()))) return true
  const tokens = parseTsvector(doc.tokens)
  if (tsMatch(tokens, q.tsAny) || (q.fuzzyTs !== null && tsMatch(tokens, q.fuzzyTs))) return true
  if (q.pinyinKey && doc.pinyin.startsWith(q.pinyinKey)) return true
  if (q.initialsKey && doc.initials.startsWith(q.initialsKey)) return true
  return q.fuzzy !== null && doc.trgm.includes(q.fuzzy)
}

export type SearchService = ReturnType<typeof createSearchService>
