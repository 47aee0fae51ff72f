import type { DedupKeyIndex, DuplicateCandidate } from '@kemai/shared/api/dedup.api'
import { sql } from 'kysely'
import { canObject } from '../../access/permissions.ts'
import { matchRecord } from '../../dedup/matcher.ts'
import { AppError } from '../../errors.ts'
import { readableFields } from '../access.ts'
import { type Ctx, scopeWhere, table } from '../context.ts'
import { rowToRecord, selectColumns } from '../shape.ts'
import { recordsSharingKeys } from './keys.ts'
import { blockingOfKey, keysOf, type ObjectRules } from './rules.ts'

/** At most this many candidates are reported (best first). */
export const MAX_CANDIDATES = 10
/** At most this many records sharing a key are read and scored. */
const MAX_READ = 200

/**
 * Pipeline stage "duplicates" (after the before hooks, before the write): the existing records that
 * `record` may duplicate, found through the key index and scored by the object's rules. Only records
 * and fields the actor may read take part, so the answer never shows what the actor could not open.
 */
export async function duplicateCandidates(
  ctx: Ctx,
  rules: ObjectRules,
  record: Record<string, unknown>,
  selfId: string | null,
): Promise<DuplicateCandidate[]> {
  if (!canObject(ctx.actor, ctx.object.name, 'read')) return []
  const keys = keysOf(rules, record)
  if (keys.length === 0) return []
  const cap = Math.max(...rules.maxBlockOf.values())
  const hits = await recordsSharingKeys(ctx, keys, cap, selfId)
  const perKey = new Map<string, string[]>()
  for (const h of hits) perKey.set(h.key, [...(perKey.get(h.key) ?? []), h.record_id])
  const ids = new Set<string>()
  for (const [key, list] of perKey) {
    // a key shared by more records than its blocking allows (an office switchboard) says nothing
    if (list.length > (rules.maxBlockOf.get(blockingOfKey(key)) ?? cap)) continue
    for (const id of list) if (ids.size < MAX_READ) ids.add(id)
  }
  if (ids.size === 0) return []
  const readable = readableFields(ctx.actor, ctx.object)
  const cols = selectColumns(readable)
  const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
    from ${table(ctx)} as t
    where t.workspace_id = ${ctx.actor.workspaceId} and t.id = any(${[...ids]}::uuid[])
      and t.deleted_at is null and ${scopeWhere(ctx, 'read')}`.execute(ctx.trx)
  const candidates = r.rows.map((row) => rowToRecord(row, readable))
  const titleReadable = readable.some((f) => f.name === ctx.object.titleField)
  const byId = new Map(candidates.map((c) => [c.id, c]))
  return matchRecord(record, candidates, rules.compiled)
    .slice(0, MAX_CANDIDATES)
    .map((p) => ({
      id: p.b,
      title: titleReadable ? String(byId.get(p.b)?.[ctx.object.titleField] ?? '') : '',
      score: p.score,
      decision: p.decision,
      reasons: p.reasons.map((x) => ({ ...x, fields: rules.fieldsOf.get(x.comparison) ?? [] })),
    }))
}

/**
 * 409 `duplicate_candidates` with the candidates in the body (and, in a batch, in the row's error), and
 * `keyIndex` while the key index is being rebuilt: the list may then miss records not indexed yet.
 */
export function duplicatesFound(
  candidates: DuplicateCandidate[],
  path = '',
  keyIndex: DedupKeyIndex | null = null,
): AppError {
  const issues = path ? [{ path, code: 'invalid_value' }] : []
  return new AppError('duplicate_candidates', 409, { count: candidates.length }, issues, {
    candidates,
    ...(keyIndex ? { keyIndex } : {}),
  })
}
