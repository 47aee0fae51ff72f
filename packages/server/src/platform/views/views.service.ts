import { type View, viewInputSchema } from '@kemai/shared/api/views.api'
import type { z } from 'zod'
import type { Actor } from '../access/actor.ts'
import { canAdmin } from '../access/permissions.ts'
import { newId } from '../db/ids.ts'
import { type Db, isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import { readableFields } from '../records/access.ts'
import type { FilterCompiler } from '../records/ports.ts'

/** The stored columns of a view's definition. */
function viewColumns(input: z.infer<typeof viewInputSchema>) {
  return {
    name: input.name,
    kind: input.kind,
    columns: JSON.stringify(input.columns),
    sort: JSON.stringify(input.sort),
    filter: input.filter === undefined || input.filter === null ? null : JSON.stringify(input.filter),
    group_by: input.groupBy ?? null,
    aggregate: JSON.stringify(input.aggregate),
    kanban_field: input.kanbanField ?? null,
    visibility: input.visibility,
  }
}

function toView(r: Record<string, unknown>): View {
  return {
    id: String(r.id),
    objectName: String(r.object_name),
    name: String(r.name),
    kind: r.kind as View['kind'],
    columns: r.columns as View['columns'],
    sort: r.sort as View['sort'],
    filter: r.filter ?? null,
    groupBy: (r.group_by as string | null) ?? null,
    aggregate: r.aggregate as View['aggregate'],
    kanbanField: (r.kanban_field as string | null) ?? null,
    visibility: r.visibility as View['visibility'],
    ownerId: String(r.owner_id),
    isDefault: Boolean(r.is_default),
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  }
}

/**
 * Saved views as data: list or kanban, columns, sort, filter, group-by with aggregates, private or shared.
 * A view is checked against the object's metadata (and its filter compiled) before it is stored.
 */
export function createViewsService(deps: {
  db: Db
  metadata: MetadataService
  compileFilter: FilterCompiler
}) {
  async function validate(actor: Actor, input: z.infer<typeof viewInputSchema>) {
    await withWorkspace(deps.db, actor.workspaceId, async (trx, ws) => {
      const schema = await deps.metadata.schemaIn(trx, ws)
      const object = deps.metadata.objectIn(schema, input.objectName)
      const names = new Set([
        'id',
        'owner_id',
        'created_at',
        'updated_at',
        'created_by',
        'updated_by',
        ...readableFields(actor, object).map((f) => f.name),
      ])
      const issues: { path: string; code: string }[] = []
      input.columns.forEach((c, i) => {
        if (!names.has(c.field)) issues.push({ path: `columns.${i}.field`, code: 'unknown_field' })
      })
      input.sort.forEach((s, i) => {
        if (!names.has(s.field)) issues.push({ path: `sort.${i}.field`, code: 'unknown_field' })
      })
      input.aggregate.forEach((a, i) => {
        if (!names.has(a.field)) issues.push({ path: `aggregate.${i}.field`, code: 'unknown_field' })
      })
      if (input.groupBy && !names.has(input.groupBy)) issues.push({ path: 'groupBy', code: 'unknown_field' })
      if (input.kind === 'kanban') {
        const f = object.fields.find((x) => x.name === input.kanbanField)
        if (f?.type !== 'select') issues.push({ path: 'kanbanField', code: 'invalid_value' })
      }
      if (issues.length) throw errors.validation(issues)
      if (input.filter !== undefined && input.filter !== null) {
        deps.compileFilter(input.filter, { schema, object, actor, alias: 't', path: 'filter' })
      }
    })
  }

  /** The views an actor sees: shared ones and their own. */
  const visibleViews = (trx: Tx, actor: Actor) =>
    trx
      .selectFrom('view')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where((eb) => eb.or([eb('visibility', '=', 'shared'), eb('owner_id', '=', actor.userId)]))

  async function load(actor: Actor, id: string): Promise<View> {
    if (!isUuid(id)) throw errors.notFound()
    const row = await withWorkspace(
      deps.db,
      actor.workspaceId,
      (trx) => visibleViews(trx, actor).where('id', '=', id).executeTakeFirst(),
      { read: true },
    )
    if (!row) throw errors.notFound()
    return toView(row)
  }

  function canChange(actor: Actor, v: View) {
    if (v.ownerId !== actor.userId && !canAdmin(actor, 'metadata', 'write')) throw errors.forbidden()
  }

  return {
    get: load,

    /**
     * The filter and sort a list or export runs with: the view's (if any), AND-ed with the request's
     * filter; the request's sort wins over the view's.
     */
    async apply(
      actor: Actor,
      objectName: string,
      req: { viewId?: string; filter?: unknown; sort?: string },
    ): Promise<{ filter: unknown; sort: string | undefined }> {
      if (!req.viewId) return { filter: req.filter, sort: req.sort }
      const v = await load(actor, req.viewId)
      if (v.objectName !== objectName) throw errors.notFound()
      const filter =
        req.filter && v.filter ? { and: [v.filter, req.filter] } : (req.filter ?? v.filter ?? undefined)
      const sort =
        req.sort ??
        (v.sort.length ? v.sort.map((x) => (x.desc ? `-${x.field}` : x.field)).join(',') : undefined)
      return { filter, sort }
    },

    async list(actor: Actor, objectName: string): Promise<View[]> {
      const rows = await withWorkspace(
        deps.db,
        actor.workspaceId,
        (trx) =>
          visibleViews(trx, actor)
            .where('object_name', '=', objectName)
            .orderBy('position')
            .orderBy('created_at')
            .execute(),
        { read: true },
      )
      return rows.map(toView)
    },

    async create(actor: Actor, raw: unknown): Promise<View> {
      if (!actor.userId) throw errors.forbidden()
      const input = viewInputSchema.parse(raw)
      if (input.visibility === 'shared' && !canAdmin(actor, 'metadata', 'write')) {
        throw errors.forbidden([{ path: 'visibility', code: 'forbidden_field' }])
      }
      await validate(actor, input)
      const now = new Date()
      const id = newId()
      await withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        if (input.isDefault) await clearDefault(trx, actor, input.objectName)
        await trx
          .insertInto('view')
          .values({
            workspace_id: actor.workspaceId,
            id,
            object_name: input.objectName,
            ...viewColumns(input),
            owner_id: actor.userId,
            is_default: input.isDefault,
            created_at: now,
            updated_at: now,
          })
          .execute()
      })
      return load(actor, id)
    },

    async update(actor: Actor, id: string, raw: unknown): Promise<View> {
      const current = await load(actor, id)
      canChange(actor, current)
      const input = viewInputSchema.parse({ ...current, ...(raw as object), objectName: current.objectName })
      if (
        input.visibility === 'shared' &&
        !canAdmin(actor, 'metadata', 'write') &&
        current.visibility !== 'shared'
      ) {
        throw errors.forbidden([{ path: 'visibility', code: 'forbidden_field' }])
      }
      await validate(actor, input)
      await withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        if (input.isDefault) await clearDefault(trx, actor, input.objectName)
        await trx
          .updateTable('view')
          .set({
            ...viewColumns(input),
            is_default: input.isDefault,
            updated_at: new Date(),
          })
          .where('workspace_id', '=', actor.workspaceId)
          .where('id', '=', id)
          .execute()
      })
      return load(actor, id)
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const current = await load(actor, id)
      canChange(actor, current)
      await withWorkspace(deps.db, actor.workspaceId, (trx) =>
        trx.deleteFrom('view').where('workspace_id', '=', actor.workspaceId).where('id', '=', id).execute(),
      )
    },
  }
}

async function clearDefault(trx: Tx, actor: Actor, objectName: string) {
  await trx
    .updateTable('view')
    .set({ is_default: false })
    .where('workspace_id', '=', actor.workspaceId)
    .where('object_name', '=', objectName)
    .where('owner_id', '=', actor.userId)
    .execute()
}

export type ViewsService = ReturnType<typeof createViewsService>
