import {
  listMembersAddSchema,
  listMembersRemoveSchema,
  MAX_FILTER_ADD,
  type SegmentName,
  type StaticList,
  staticListInputSchema,
  staticListPatchSchema,
} from '@kemai/shared/api/segments.api'
import { type RawBuilder, sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import { isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { WorkspaceSchema } from '../metadata/service.ts'
import { scopeWhere } from '../records/context.ts'
import { countMembers, listMembers, type MemberPredicate, type MembersPage } from './members.ts'
import { objectTable } from './membership.ts'
import {
  assertCanChange,
  assertCanShare,
  readableObject,
  type SegmentsDeps,
  visibleTo,
} from './segments.service.ts'

interface ListRow {
  workspace_id: string
  id: string
  object_name: string
  name: unknown
  description: string | null
  visibility: 'private' | 'shared'
  owner_id: string
  created_at: Date
  updated_at: Date
}

const iso = (d: Date) => (d instanceof Date ? d.toISOString() : String(d))

/**
 * Static lists: named sets of records of one object, changed only by hand (a list selection, or every
 * readable record matching a filter). Reading a list shows only its members the caller may read; changing
 * it (members included) is for its owner or an admin.
 */
export function createListsService(deps: SegmentsDeps) {
  /** `readOnly`: on PostgreSQL the work runs on the read pool (withWorkspace `read`) */
  const inWs = <T>(actor: Actor, fn: (trx: Tx, schema: WorkspaceSchema) => Promise<T>, readOnly = false) =>
    withWorkspace(
      deps.db,
      actor.workspaceId,
      async (trx, ws) => fn(trx, await deps.metadata.schemaIn(trx, ws)),
      { read: readOnly },
    )

  const memberOf =
    (row: ListRow): MemberPredicate =>
    (a) =>
      sql<boolean>`exists (select 1 from list_member lm where lm.workspace_id = ${row.workspace_id}
        and lm.list_id = ${row.id} and lm.record_id = ${sql.id(a, 'id')})`

  async function loadRow(trx: Tx, actor: Actor, id: string): Promise<ListRow> {
    if (!isUuid(id)) throw errors.notFound()
    const r = await sql<ListRow>`select * from static_list where workspace_id = ${actor.workspaceId}
      and id = ${id} and ${visibleTo(actor)}`.execute(trx)
    if (!r.rows[0]) throw errors.notFound()
    return r.rows[0]
  }

  async function toList(trx: Tx, schema: WorkspaceSchema, actor: Actor, row: ListRow): Promise<StaticList> {
    const object = readableObject(schema, actor, row.object_name)
    return {
      id: row.id,
      objectName: row.object_name,
      name: row.name as SegmentName,
      description: row.description,
      visibility: row.visibility,
      ownerId: row.owner_id,
      count: await countMembers({ trx, schema, object, actor }, memberOf(row)),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    }
  }

  return {
    async list(actor: Actor, objectName: string): Promise<StaticList[]> {
      return inWs(
        actor,
        async (trx, schema) => {
          readableObject(schema, actor, objectName, 'object')
          const r = await sql<ListRow>`select * from static_list where workspace_id = ${actor.workspaceId}
          and object_name = ${objectName} and ${visibleTo(actor)} order by created_at, id`.execute(trx)
          const out: StaticList[] = []
          for (const row of r.rows) out.push(await toList(trx, schema, actor, row))
          return out
        },
        true,
      )
    },

    async get(actor: Actor, id: string): Promise<StaticList> {
      return inWs(
        actor,
        async (trx, schema) => toList(trx, schema, actor, await loadRow(trx, actor, id)),
        true,
      )
    },

    async create(actor: Actor, raw: unknown): Promise<StaticList> {
      if (!actor.userId) throw errors.forbidden()
      const input = staticListInputSchema.parse(raw)
      if (input.visibility === 'shared') assertCanShare(actor)
      const id = newId()
      return inWs(actor, async (trx, schema) => {
        readableObject(schema, actor, input.objectName)
        await sql`insert into static_list (workspace_id, id, object_name, name, description, visibility, owner_id)
          values (${actor.workspaceId}, ${id}, ${input.objectName}, ${JSON.stringify(input.name)}::jsonb,
            ${input.description ?? null}, ${input.visibility}, ${actor.userId})`.execute(trx)
        return toList(trx, schema, actor, await loadRow(trx, actor, id))
      })
    },

    async update(actor: Actor, id: string, raw: unknown): Promise<StaticList> {
      const patch = staticListPatchSchema.parse(raw)
      return inWs(actor, async (trx, schema) => {
        const row = await loadRow(trx, actor, id)
        assertCanChange(actor, row.owner_id)
        if (patch.visibility === 'shared' && row.visibility !== 'shared') assertCanShare(actor)
        const sets: RawBuilder<unknown>[] = [sql`updated_at = now()`]
        if (patch.name !== undefined) sets.push(sql`name = ${JSON.stringify(patch.name)}::jsonb`)
        if (patch.description !== undefined) sets.push(sql`description = ${patch.description}`)
        if (patch.visibility !== undefined) sets.push(sql`visibility = ${patch.visibility}`)
        await sql`update static_list set ${sql.join(sets)} where workspace_id = ${actor.workspaceId}
          and id = ${row.id}`.execute(trx)
        return toList(trx, schema, actor, await loadRow(trx, actor, id))
      })
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await inWs(actor, async (trx) => {
        const row = await loadRow(trx, actor, id)
        assertCanChange(actor, row.owner_id)
        await sql`delete from list_member where workspace_id = ${actor.workspaceId} and list_id = ${row.id}`.execute(
          trx,
        )
        await sql`delete from static_list where workspace_id = ${actor.workspaceId} and id = ${row.id}`.execute(
          trx,
        )
      })
    },

    async members(
      actor: Actor,
      id: string,
      opts: { limit?: number; cursor?: string; sort?: string },
    ): Promise<MembersPage> {
      return inWs(
        actor,
        async (trx, schema) => {
          const row = await loadRow(trx, actor, id)
          const object = readableObject(schema, actor, row.object_name)
          return listMembers({ trx, schema, object, actor }, memberOf(row), opts)
        },
        true,
      )
    },

    /**
     * Adds records by id (each must be a live record the caller may read: else 400 naming each bad id,
     * nothing added) or every readable record matching a filter (at most MAX_FILTER_ADD).
     */
    async add(actor: Actor, id: string, raw: unknown): Promise<{ changed: number; count: number }> {
      const input = listMembersAddSchema.parse(raw)
      return inWs(actor, async (trx, schema) => {
        const row = await loadRow(trx, actor, id)
        assertCanChange(actor, row.owner_id)
        const object = readableObject(schema, actor, row.object_name)
        const ctx = { trx, schema, object, actor }
        const t = objectTable(schema, object.name)
        let source: RawBuilder<unknown>
        if ('recordIds' in input) {
          const ids = input.recordIds.map((x) => x.toLowerCase())
          const bad = ids.flatMap((x, i) => (isUuid(x) ? [] : [i]))
          const found = await sql<{
            id: string
          }>`select t.id from ${t} as t where t.workspace_id = ${actor.workspaceId}
            and t.id = any(${ids.filter(isUuid)}::uuid[]) and t.deleted_at is null and ${scopeWhere(ctx, 'read')}`.execute(
            trx,
          )
          const ok = new Set(found.rows.map((x) => x.id))
          ids.forEach((x, i) => {
            if (isUuid(x) && !ok.has(x)) bad.push(i)
          })
          if (bad.length > 0) {
            throw errors.validation(
              bad
                .sort((a, b) => a - b)
                .slice(0, 50)
                .map((i) => ({ path: `recordIds.${i}`, code: 'not_found' })),
            )
          }
          source = sql`select unnest(${[...ok]}::uuid[])`
        } else {
          if (input.filter === null || input.filter === undefined) {
            throw errors.validation([{ path: 'filter', code: 'required' }])
          }
          const where = deps.compileFilter(input.filter, {
            schema,
            object,
            actor,
            alias: 't',
            path: 'filter',
          })
          const n = await sql<{
            n: number
          }>`select count(*)::int as n from ${t} as t where t.workspace_id = ${actor.workspaceId}
            and t.deleted_at is null and ${scopeWhere(ctx, 'read')} and ${where}`.execute(trx)
          if ((n.rows[0]?.n ?? 0) > MAX_FILTER_ADD) {
            throw errors.validation([{ path: 'filter', code: 'too_large', params: { max: MAX_FILTER_ADD } }])
          }
          source = sql`select t.id from ${t} as t where t.workspace_id = ${actor.workspaceId}
            and t.deleted_at is null and ${scopeWhere(ctx, 'read')} and ${where}`
        }
        const r = await sql`insert into list_member (workspace_id, list_id, record_id, added_by)
          select ${actor.workspaceId}::uuid, ${row.id}::uuid, s.id, ${actor.userId}::uuid from (${source}) as s(id)
          on conflict do nothing`.execute(trx)
        await sql`update static_list set updated_at = now() where workspace_id = ${actor.workspaceId} and id = ${row.id}`.execute(
          trx,
        )
        return { changed: Number(r.numAffectedRows ?? 0n), count: await countMembers(ctx, memberOf(row)) }
      })
    },

    /** Removes members by id (ids that are not members change nothing). */
    async removeMembers(actor: Actor, id: string, raw: unknown): Promise<{ changed: number; count: number }> {
      const input = listMembersRemoveSchema.parse(raw)
      const bad = input.recordIds.flatMap((x, i) =>
        isUuid(x) ? [] : [{ path: `recordIds.${i}`, code: 'invalid_format' }],
      )
      if (bad.length > 0) throw errors.validation(bad.slice(0, 50))
      return inWs(actor, async (trx, schema) => {
        const row = await loadRow(trx, actor, id)
        assertCanChange(actor, row.owner_id)
        const object = readableObject(schema, actor, row.object_name)
        const ctx = { trx, schema, object, actor }
        // only records the caller may read: `changed` must not reveal the others
        const r = await sql`delete from list_member lm
          where lm.workspace_id = ${actor.workspaceId} and lm.list_id = ${row.id}
            and lm.record_id = any(${input.recordIds.map((x) => x.toLowerCase())}::uuid[])
            and exists (select 1 from ${objectTable(schema, object.name)} as t
              where t.workspace_id = lm.workspace_id and t.id = lm.record_id and ${scopeWhere(ctx, 'read')})`.execute(
          trx,
        )
        return { changed: Number(r.numAffectedRows ?? 0n), count: await countMembers(ctx, memberOf(row)) }
      })
    },
  }
}

export type ListsService = ReturnType<typeof createListsService>
