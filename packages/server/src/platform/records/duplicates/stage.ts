import type { DedupKeyIndex } from '@kemai/shared/api/dedup.api'
import type { RawBuilder } from 'kysely'
import type { Ctx } from '../context.ts'
import { duplicateCandidates, duplicatesFound } from './check.ts'
import { keyIndexOf } from './key-build.ts'
import { insertKeysSql, replaceKeysSql } from './keys.ts'
import { keysOf, rulesFor } from './rules.ts'

export interface WriteOptions {
  /** write even when the record may duplicate existing ones (the caller has seen the candidates) */
  allowDuplicate?: boolean
}

/**
 * Pipeline stage "duplicates" of a create, for objects with `dedup` on: 409 `duplicate_candidates`
 * when a record may duplicate readable existing ones (unless allowed), and the statement that stores
 * the new records' blocking keys (null: nothing to store).
 */
export async function duplicatesOnCreate(
  ctx: Ctx,
  records: Record<string, unknown>[],
  opts: WriteOptions,
  pathOf: (i: number) => string,
): Promise<RawBuilder<unknown> | null> {
  const rules = rulesFor(ctx.object)
  if (!rules) return null
  if (!opts.allowDuplicate) {
    for (const [i, rec] of records.entries()) {
      const candidates = await duplicateCandidates(ctx, rules, rec, null)
      // in a batch, the operation's path (`operations.3`) says which one
      const at = pathOf(i).replace(/\.data\.$/, '')
      if (candidates.length > 0) throw duplicatesFound(candidates, at, await building(ctx))
    }
  }
  return insertKeysSql(
    ctx,
    records.map((rec) => ({ recordId: String(rec.id), keys: keysOf(rules, rec) })),
  )
}

/**
 * The same for an edit: checked only when a field the rules compare changed; the keys are rewritten
 * only when a field they read changed. Returns the statements to add to the write.
 */
export async function duplicatesOnUpdate(
  ctx: Ctx,
  id: string,
  after: Record<string, unknown>,
  changed: string[],
  opts: WriteOptions,
): Promise<RawBuilder<unknown>[]> {
  const rules = rulesFor(ctx.object)
  if (!rules) return []
  if (!opts.allowDuplicate && changed.some((f) => rules.matchFields.has(f))) {
    const candidates = await duplicateCandidates(ctx, rules, after, id)
    if (candidates.length > 0) throw duplicatesFound(candidates, '', await building(ctx))
  }
  if (!changed.some((f) => rules.keyFields.has(f))) return []
  return replaceKeysSql(ctx, id, keysOf(rules, after))
}

/** The key index while it is being rebuilt (the candidates may be incomplete), else null. */
async function building(ctx: Ctx): Promise<DedupKeyIndex | null> {
  const index = await keyIndexOf(ctx.trx, ctx.actor.workspaceId, ctx.object)
  return index && index.status !== 'ready' ? index : null
}
