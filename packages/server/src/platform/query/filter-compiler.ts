import { FIELD_ERROR_CODES } from '@kemai/shared/errors'
import type { ObjectDef } from '@kemai/shared/fields'
import { parseFilter } from '@kemai/shared/query/parse'
import { sql } from 'kysely'
import { canObject } from '../access/permissions.ts'
import { errors } from '../errors.ts'
import { tableName } from '../metadata/ddl.ts'
import { readableFields, recordScopeOwners } from '../records/access.ts'
import type { FilterCompiler } from '../records/ports.ts'
import { compileFilter } from './compile-sql.ts'

const KNOWN = new Set<string>(FIELD_ERROR_CODES)

/**
 * The records service's filter port: parse (paths, operators and values checked against metadata,
 * depth and size limited) then compile to SQL in the workspace's time zone with $me/$myTeam bound.
 * A bad filter is a 400 `invalid_filter` listing every bad node's path.
 */
export const filterCompiler: FilterCompiler = (filter, ctx) => {
  // the actor filters only on what it may read: hidden fields and unreadable objects do not exist here
  const visible = (o: ObjectDef): ObjectDef => ({ ...o, fields: readableFields(ctx.actor, o) })
  const resolveObject = (name: string) => {
    const o = ctx.schema.objects.get(name)
    return o?.isActive && canObject(ctx.actor, name, 'read') ? visible(o) : undefined
  }
  const parsed = parseFilter(filter, visible(ctx.object), resolveObject)
  if (!parsed.ok) {
    throw errors.invalidFilter(
      parsed.errors.slice(0, 50).map((e) => {
        const code = e.code.replace(/^filter\./, '')
        return {
          path: [ctx.path, e.path].filter(Boolean).join('.'),
          code: KNOWN.has(code) ? code : 'invalid_value',
          params: e.params ?? {},
        }
      }),
    )
  }
  return compileFilter(parsed.filter, {
    object: visible(ctx.object),
    resolveObject,
    alias: ctx.alias,
    tableOf: (name) => ({ schema: ctx.schema.dbSchema, table: tableName(name) }),
    workspaceId: ctx.schema.workspaceId,
    now: new Date(),
    timeZone: ctx.schema.timeZone,
    me: ctx.actor.userId,
    myTeam: ctx.actor.teamUserIds,
    scopeOf: (name, alias) => {
      const owners = recordScopeOwners(ctx.actor, name, 'read')
      if (owners === 'all') return null
      if (owners === 'none') return sql<boolean>`false`
      return sql<boolean>`${sql.id(alias, 'owner_id')} = any(${owners}::uuid[])`
    },
  })
}
