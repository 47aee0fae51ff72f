import type { ObjectDef } from '@kemai/shared/fields'
import type { Filter } from '@kemai/shared/query/ast'
import { type BoundCondition, type BoundNode, bindFilter } from '@kemai/shared/query/parse'
import type { ResolveObject } from '@kemai/shared/query/paths'
import {
  type FilterEnv,
  type FilterEnvInput,
  lowerCondition,
  resolveEnv,
} from '@kemai/shared/query/predicates'
import { type RawBuilder, sql } from 'kysely'
import { predicateSql, type SqlPredicate, type SqlTarget } from './operators-sql.ts'

export interface CompileContext extends FilterEnvInput {
  object: ObjectDef
  resolveObject: ResolveObject
  /** alias of the base object's table in the surrounding query */
  alias: string
  /** where an object's records live (relation paths join these) */
  tableOf: (objectName: string) => { schema: string; table: string }
  /** related records are looked up in this workspace only */
  workspaceId: string
  /**
   * The actor's record-level read scope on a related object, over the related row aliased `alias`
   * (undefined: every related record counts). A related record outside it reads as a missing one, so a
   * filter through a relation cannot tell what an unreadable record holds.
   */
  scopeOf?: (objectName: string, alias: string) => RawBuilder<boolean> | null
}

/** A compiled node: may it be NULL where the evaluator says false, and is it already in parentheses. */
interface Compiled extends SqlPredicate {
  grouped?: boolean
}

const CURRENCY_SUFFIX = '__cur'

function target(c: BoundCondition, alias: string): SqlTarget {
  const name = c.path.field.name
  const column = sql.id(alias, name)
  return {
    domain: c.path.domain,
    value: c.path.part === null ? column : sql`(${column}->>${c.path.part})`,
    currency: c.path.domain === 'money' ? sql.id(alias, name + CURRENCY_SUFFIX) : null,
  }
}

/** A NOT that never yields NULL: `(x) is not true` holds when x is NULL, as the evaluator's `!false` does. */
function negate(c: Compiled): Compiled {
  const operand = c.grouped ? c.sql : sql`(${c.sql})`
  return { sql: c.nullable ? sql`${operand} is not true` : sql`not ${operand}`, nullable: false }
}

function condition(c: BoundCondition, ctx: CompileContext, env: FilterEnv): Compiled {
  const { predicate, negate: negated } = lowerCondition(c, env)
  const hops = c.path.hops
  const aliasAt = (i: number) => (i === 0 ? ctx.alias : `${ctx.alias}_r${i}`)
  const leaf = predicateSql(target(c, aliasAt(hops.length)), predicate)
  let expr = leaf.sql
  // Through relations: EXISTS over the related row, innermost first. Every predicate is false on a
  // NULL value, so EXISTS is exactly "the related value satisfies it" (a missing row reads as NULL),
  // and a negated operator becomes NOT EXISTS (an anti-join) instead of an EXISTS of the negation.
  for (let i = hops.length; i >= 1; i--) {
    const hop = hops[i - 1]!
    const { schema, table } = ctx.tableOf(hop.target.name)
    const a = aliasAt(i)
    const scope = ctx.scopeOf?.(hop.target.name, a)
    expr = sql`exists (select 1 from ${sql.id(schema, table)} as ${sql.id(a)} where ${sql.id(a, 'workspace_id')} = ${ctx.workspaceId} and ${sql.id(a, 'id')} = ${sql.id(aliasAt(i - 1), hop.field.name)} and ${sql.id(a, 'deleted_at')} is null${scope ? sql` and ${scope}` : sql``} and ${expr})`
  }
  const compiled = { sql: expr, nullable: hops.length === 0 && leaf.nullable, grouped: hops.length > 0 }
  return negated ? negate(compiled) : compiled
}

function join(children: Compiled[], op: 'and' | 'or'): Compiled {
  if (children.length === 0) return { sql: op === 'and' ? sql`true` : sql`false`, nullable: false }
  if (children.length === 1) return children[0]!
  return {
    sql: sql`(${sql.join(
      children.map((c) => c.sql),
      op === 'and' ? sql` and ` : sql` or `,
    )})`,
    nullable: children.some((c) => c.nullable),
    grouped: true,
  }
}

function compileNode(node: BoundNode, ctx: CompileContext, env: FilterEnv): Compiled {
  switch (node.kind) {
    case 'and':
    case 'or':
      // NULL behaves as false under AND/OR in a WHERE clause; only NOT needs care (see negate)
      return join(
        node.children.map((c) => compileNode(c, ctx, env)),
        node.kind,
      )
    case 'not':
      return negate(compileNode(node.child, ctx, env))
    case 'condition':
      return condition(node, ctx, env)
  }
}

/**
 * Compiles a filter to a boolean SQL fragment over the base table aliased `ctx.alias`, with the same
 * semantics as `evaluateFilter`. Use it in WHERE (where NULL counts as false; wrap it in
 * `coalesce(…, false)` to select it as a value). The caller scopes the base table to the workspace and
 * to live rows. Throws FilterValidationError on an invalid filter or time zone.
 *
 * @example db.withSchema(schema).selectFrom('obj_lead as l').selectAll().where(compileFilter(view.filter, { ...ctx, alias: 'l' }))
 */
export function compileFilter(filter: Filter, ctx: CompileContext): RawBuilder<boolean> {
  const bound = bindFilter(filter, ctx.object, ctx.resolveObject)
  return compileNode(bound, ctx, resolveEnv(ctx)).sql
}
