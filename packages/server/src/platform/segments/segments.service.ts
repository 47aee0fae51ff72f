import {
  type Segment,
  type SegmentHistoryEntry,
  type SegmentName,
  segmentInputSchema,
  segmentPatchSchema,
} from '@kemai/shared/api/segments.api'
import type { ObjectDef } from '@kemai/shared/fields'
import type { Filter } from '@kemai/shared/query/ast'
import { localDay } from '@kemai/shared/query/time'
import { type RawBuilder, sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { canAdmin, canObject } from '../access/permissions.ts'
import { newId } from '../db/ids.ts'
import { type Db, isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { AppError, errors } from '../errors.ts'
import { tableName } from '../metadata/ddl.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import { compileFilter } from '../query/compile-sql.ts'
import { readableFields, recordScopeOwners } from '../records/access.ts'
import type { FilterCompiler } from '../records/ports.ts'
import { requestRecompute } from './jobs.ts'
import { countMembers, listMembers, type MemberPredicate, type MembersPage } from './members.ts'
import { compileSegment, isRelativeFilter, objectTable, type SegmentRow, segmentEnv } from './membership.ts'

export interface SegmentsDeps {
  db: Db
  metadata: MetadataService
  compileFilter: FilterCompiler
}

const HISTORY_LIMIT = 200

/** Private ones are the owner's; shared ones everyone's who may read the object. */
export const visibleTo = (actor: Actor) =>
  sql<boolean>`(visibility = 'shared' or owner_id = ${actor.userId ?? '00000000-0000-0000-0000-000000000000'}::uuid)`

export function assertCanChange(actor: Actor, ownerId: string): void {
  if (ownerId !== actor.userId && !canAdmin(actor, 'metadata', 'write')) throw errors.forbidden()
}

export function assertCanShare(actor: Actor): void {
  if (!canAdmin(actor, 'metadata', 'write'))
    throw errors.forbidden([{ path: 'visibility', code: 'forbidden_field' }])
}

/** The object, active and readable by the actor (else 404 / 403). */
export function readableObject(
  schema: WorkspaceSchema,
  actor: Actor,
  name: string,
  path = 'objectName',
): ObjectDef {
  const o = schema.objects.get(name)
  if (!o?.isActive) throw errors.validation([{ path, code: 'unknown_object', params: { object: name } }])
  if (!canObject(actor, name, 'read')) throw errors.forbidden()
  return o
}

const nameJson = (n: SegmentName) => JSON.stringify(n)
const iso = (d: unknown) =>
  d instanceof Date ? d.toISOString() : d === null || d === undefined ? null : String(d)

/**
 * Segments: saved filters of an object with membership kept by the `segments` listener and the recompute
 * job (membership.ts, jobs.ts). Counts and members are seen through the caller's record read scope.
 */
export function createSegmentsService(deps: SegmentsDeps) {
  /** The filter checked as the caller sees the object (hidden fields and unreadable objects do not exist). */
  function checkFilter(schema: WorkspaceSchema, object: ObjectDef, actor: Actor, filter: unknown): void {
    if (filter === undefined || filter === null)
      throw errors.validation([{ path: 'filter', code: 'required' }])
    deps.compileFilter(filter, { schema, object, actor, alias: 't', path: 'filter' })
  }

  /**
   * Which members the actor may see. Stored membership within the actor's record scope, except when the
   * filter goes through relations into records the actor may not all read: membership there may depend on
   * what those records hold, so the filter is run live with the actor's scope on related records instead
   * (and `$me` still the owner). A filter using a field hidden from the actor: 403.
   */
  async function memberPredicate(
    trx: Tx,
    schema: WorkspaceSchema,
    actor: Actor,
    row: SegmentRow,
  ): Promise<MemberPredicate> {
    const object = schema.objects.get(row.object_name)!
    try {
      deps.compileFilter(row.filter, { schema, object, actor, alias: 't', path: 'filter' })
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_filter') {
        if (row.is_invalid) return () => sql<boolean>`false`
        throw errors.forbidden([{ path: 'filter', code: 'forbidden_field' }])
      }
      throw e
    }
    const stored: MemberPredicate = (a) =>
      sql<boolean>`exists (select 1 from segment_member m where m.workspace_id = ${row.workspace_id}
        and m.segment_id = ${row.id} and m.record_id = ${sql.id(a, 'id')})`
    const related = await relatedObjects(trx, schema, row)
    if (related.every((o) => recordScopeOwners(actor, o, 'read') === 'all')) return stored
    const visible = (o: ObjectDef): ObjectDef => ({ ...o, fields: readableFields(actor, o) })
    const resolveObject = (name: string) => {
      const o = schema.objects.get(name)
      return o?.isActive && canObject(actor, name, 'read') ? visible(o) : undefined
    }
    return (a) =>
      compileFilter(row.filter as Filter, {
        object: visible(object),
        resolveObject,
        alias: a,
        tableOf: (name) => ({ schema: schema.dbSchema, table: tableName(name) }),
        workspaceId: schema.workspaceId,
        now: new Date(),
        timeZone: schema.timeZone,
        me: row.owner_id,
        myTeam: [],
        scopeOf: (name, alias) => {
          const owners = recordScopeOwners(actor, name, 'read')
          if (owners === 'all') return null
          if (owners === 'none') return sql<boolean>`false`
          return sql<boolean>`${sql.id(alias, 'owner_id')} = any(${owners}::uuid[])`
        },
      })
  }

  /** Objects the filter's relation paths go through. */
  async function relatedObjects(trx: Tx, schema: WorkspaceSchema, row: SegmentRow): Promise<string[]> {
    const env = await segmentEnv(trx, schema, row, new Date())
    const seg = env ? compileSegment(row, env) : null
    return [...new Set((seg?.chains ?? []).flat().map((h) => h.target.name))]
  }

  async function loadRow(trx: Tx, actor: Actor, id: string): Promise<SegmentRow> {
    if (!isUuid(id)) throw errors.notFound()
    const r = await sql<SegmentRow>`select * from segment where workspace_id = ${actor.workspaceId}
      and id = ${id} and ${visibleTo(actor)}`.execute(trx)
    const row = r.rows[0]
    if (!row) throw errors.notFound()
    return row
  }

  async function toSegment(
    trx: Tx,
    schema: WorkspaceSchema,
    actor: Actor,
    row: SegmentRow,
  ): Promise<Segment> {
    const object = readableObject(schema, actor, row.object_name)
    const count = await countMembers(
      { trx, schema, object, actor },
      await memberPredicate(trx, schema, actor, row),
    )
    return {
      id: row.id,
      objectName: row.object_name,
      name: row.name as SegmentName,
      description: row.description,
      filter: row.filter,
      visibility: row.visibility,
      ownerId: row.owner_id,
      status: row.is_invalid ? 'invalid' : row.computed_generation < row.generation ? 'computing' : 'ready',
      count,
      computedAt: iso(row.computed_at),
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
    }
  }

  /** `readOnly`: on PostgreSQL the work runs on the read pool (withWorkspace `read`) */
  const read = <T>(actor: Actor, fn: (trx: Tx, schema: WorkspaceSchema) => Promise<T>, readOnly = false) =>
    withWorkspace(
      deps.db,
      actor.workspaceId,
      async (trx, ws) => fn(trx, await deps.metadata.schemaIn(trx, ws)),
      { read: readOnly },
    )

  return {
    async list(actor: Actor, objectName: string): Promise<Segment[]> {
      return read(
        actor,
        async (trx, schema) => {
          readableObject(schema, actor, objectName, 'object')
          const r = await sql<SegmentRow>`select * from segment where workspace_id = ${actor.workspaceId}
          and object_name = ${objectName} and ${visibleTo(actor)} order by created_at, id`.execute(trx)
          const out: Segment[] = []
          for (const row of r.rows) {
            try {
              out.push(await toSegment(trx, schema, actor, row))
            } catch (e) {
              // a shared segment on fields hidden from this caller is not listed for them
              if (!(e instanceof AppError && e.code === 'forbidden')) throw e
            }
          }
          return out
        },
        true,
      )
    },

    async get(actor: Actor, id: string): Promise<Segment> {
      return read(
        actor,
        async (trx, schema) => toSegment(trx, schema, actor, await loadRow(trx, actor, id)),
        true,
      )
    },

    async create(actor: Actor, raw: unknown): Promise<Segment> {
      if (!actor.userId) throw errors.forbidden()
      const input = segmentInputSchema.parse(raw)
      if (input.visibility === 'shared') assertCanShare(actor)
      const id = newId()
      return read(actor, async (trx, schema) => {
        const object = readableObject(schema, actor, input.objectName)
        checkFilter(schema, object, actor, input.filter)
        const relative = isRelativeFilter(input.filter)
        await sql`insert into segment (workspace_id, id, object_name, name, description, filter, visibility,
            owner_id, is_relative, relative_day)
          values (${actor.workspaceId}, ${id}, ${input.objectName}, ${nameJson(input.name)}::jsonb,
            ${input.description ?? null}, ${JSON.stringify(input.filter)}::jsonb, ${input.visibility},
            ${actor.userId}, ${relative}, ${relative ? localDay(Date.now(), schema.timeZone) : null})`.execute(
          trx,
        )
        await requestRecompute(trx, {
          workspaceId: actor.workspaceId,
          segmentId: id,
          generation: 1,
          cause: 'recompute',
        })
        return toSegment(trx, schema, actor, await loadRow(trx, actor, id))
      })
    },

    async update(actor: Actor, id: string, raw: unknown): Promise<Segment> {
      const patch = segmentPatchSchema.parse(raw)
      return read(actor, async (trx, schema) => {
        const row = await loadRow(trx, actor, id)
        assertCanChange(actor, row.owner_id)
        if (patch.visibility === 'shared' && row.visibility !== 'shared') assertCanShare(actor)
        const sets: RawBuilder<unknown>[] = [sql`updated_at = now()`]
        if (patch.name !== undefined) sets.push(sql`name = ${nameJson(patch.name)}::jsonb`)
        if (patch.description !== undefined) sets.push(sql`description = ${patch.description}`)
        if (patch.visibility !== undefined) sets.push(sql`visibility = ${patch.visibility}`)
        const filterChanged =
          patch.filter !== undefined && JSON.stringify(patch.filter) !== JSON.stringify(row.filter)
        if (filterChanged) {
          const object = readableObject(schema, actor, row.object_name)
          checkFilter(schema, object, actor, patch.filter)
          const relative = isRelativeFilter(patch.filter)
          sets.push(sql`filter = ${JSON.stringify(patch.filter)}::jsonb`)
          sets.push(sql`generation = generation + 1, cursor = null, is_invalid = false`)
          sets.push(sql`is_relative = ${relative}`)
          sets.push(sql`relative_day = ${relative ? localDay(Date.now(), schema.timeZone) : null}`)
        }
        const r = await sql<{ generation: number }>`update segment set ${sql.join(sets)}
          where workspace_id = ${actor.workspaceId} and id = ${row.id} returning generation`.execute(trx)
        if (filterChanged) {
          await requestRecompute(trx, {
            workspaceId: actor.workspaceId,
            segmentId: row.id,
            generation: r.rows[0]!.generation,
            cause: 'recompute',
          })
        }
        return toSegment(trx, schema, actor, await loadRow(trx, actor, id))
      })
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await read(actor, async (trx) => {
        const row = await loadRow(trx, actor, id)
        assertCanChange(actor, row.owner_id)
        const ws = actor.workspaceId
        await sql`delete from segment_member where workspace_id = ${ws} and segment_id = ${row.id}`.execute(
          trx,
        )
        await sql`delete from segment_history where workspace_id = ${ws} and segment_id = ${row.id}`.execute(
          trx,
        )
        await sql`delete from segment where workspace_id = ${ws} and id = ${row.id}`.execute(trx)
      })
    },

    async members(
      actor: Actor,
      id: string,
      opts: { limit?: number; cursor?: string; sort?: string },
    ): Promise<MembersPage> {
      return read(
        actor,
        async (trx, schema) => {
          const row = await loadRow(trx, actor, id)
          const object = readableObject(schema, actor, row.object_name)
          return listMembers(
            { trx, schema, object, actor },
            await memberPredicate(trx, schema, actor, row),
            opts,
          )
        },
        true,
      )
    },

    /**
     * Entered/left transitions, newest first, of the records the caller may read (a record outside their
     * read scope leaves no trace here). Cursor: the history sequence number.
     */
    async history(
      actor: Actor,
      id: string,
      opts: { limit?: number; cursor?: string },
    ): Promise<{ data: SegmentHistoryEntry[]; nextCursor: string | null }> {
      const limit = opts.limit ?? 50
      if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_LIMIT) {
        throw errors.badRequest([{ path: 'limit', code: 'too_big', params: { max: HISTORY_LIMIT } }])
      }
      if (opts.cursor !== undefined && !/^\d{1,18}$/.test(opts.cursor)) {
        throw errors.badRequest([{ path: 'cursor', code: 'invalid_value' }])
      }
      return read(
        actor,
        async (trx, schema) => {
          const row = await loadRow(trx, actor, id)
          const object = readableObject(schema, actor, row.object_name)
          await memberPredicate(trx, schema, actor, row)
          const owners = recordScopeOwners(actor, object.name, 'read')
          const scope =
            owners === 'all'
              ? sql`true`
              : owners === 'none'
                ? sql`false`
                : sql`t.owner_id = any(${owners}::uuid[])`
          const titleField = readableFields(actor, object).some((f) => f.name === object.titleField)
            ? sql`case when t.deleted_at is null then (${sql.ref(`t.${object.titleField}`)})::text end`
            : sql`null::text`
          const r = await sql<{
            seq: string
            record_id: string
            change: string
            cause: string
            at: Date
            title: string | null
          }>`
          select h.seq::text as seq, h.record_id, h.change, h.cause, h.at, ${titleField} as title
          from segment_history h
          join ${objectTable(schema, object.name)} as t on t.workspace_id = h.workspace_id and t.id = h.record_id
          where h.workspace_id = ${actor.workspaceId} and h.segment_id = ${row.id} and ${scope}
            ${opts.cursor ? sql`and h.seq < ${opts.cursor}::bigint` : sql``}
          order by h.seq desc limit ${limit + 1}`.execute(trx)
          const rows = r.rows.slice(0, limit)
          return {
            data: rows.map((x) => ({
              recordId: x.record_id,
              change: x.change as 'entered' | 'left',
              cause: x.cause as SegmentHistoryEntry['cause'],
              at: iso(x.at)!,
              title: x.title,
            })),
            nextCursor: r.rows.length > limit ? rows[rows.length - 1]!.seq : null,
          }
        },
        true,
      )
    },
  }
}

export type SegmentsService = ReturnType<typeof createSegmentsService>
