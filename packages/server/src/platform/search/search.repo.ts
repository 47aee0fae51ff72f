import { type Kysely, type RawBuilder, sql } from 'kysely'
import { DENSE_SHARE, estimateShare, type LexemeStats, NO_STATS } from './density.ts'
import { buildQuery, buildSearchDoc, type SearchDocInput, type SearchQuery } from './tokenize.ts'

/** One record's searchable content, as the records write path hands it over. */
export interface SearchDocWrite extends SearchDocInput {
  workspaceId: string
  objectName: string
  recordId: string
  ownerId?: string | null | undefined
}

export interface SearchDocKey {
  workspaceId: string
  objectName: string
  recordId: string
}

/**
 * Who may see what, per object, applied to `search_doc` rows before ranking:
 * - `'all'` every record of the object, `'none'` (or a missing key) nothing;
 * - an array of user ids (or `{ ownerIn }`): records owned by one of them; records without an owner are
 *   only in `'all'`. This is exactly what `recordScopeOwners(actor, object, 'read')` returns (docs/access.md);
 * - a `RawBuilder<boolean>` predicate over the `search_doc` table, e.g.
 *   sql<boolean>`${searchDocOwnerId} in (select user_id from team_member where …)`.
 */
export type ObjectVisibility =
  | 'all'
  | 'none'
  | readonly string[]
  | { readonly ownerIn: readonly string[] }
  | RawBuilder<boolean>
export type SearchVisibility = Readonly<Record<string, ObjectVisibility>>

/** The owner column, for visibility predicates. */
export const searchDocOwnerId = sql.ref<string | null>('search_doc.owner_id')

/** How a hit matched, best first. */
export type MatchKind = 'title' | 'title_prefix' | 'token' | 'pinyin' | 'initials' | 'contains' | 'fuzzy'

export interface SearchHit {
  objectName: string
  recordId: string
  title: string
  subtitle: string | null
  ownerId: string | null
  score: number
  matchedBy: MatchKind
  updatedAt: Date
}

export interface SearchGroup {
  objectName: string
  hits: SearchHit[]
}

export interface SearchResult {
  /** one group per object, best group first; each holds at most `limit` hits, best first */
  groups: SearchGroup[]
  /** the same hits in one list, best first */
  hits: SearchHit[]
}

export interface SearchOptions {
  workspaceId: string
  q: string
  /** only these objects (still subject to `visibility`) */
  objects?: readonly string[] | undefined
  /** hits per object (1–100, default 10) */
  limit?: number | undefined
  visibility: SearchVisibility
  /** rows each candidate stage may read before ranking (default 400); bounds the cost of broad queries */
  candidates?: number | undefined
  /** lexeme statistics for plan choice; by default read from pg_stats and cached per workspace for 5 minutes */
  stats?: LexemeStats | undefined
}

// Score tiers (higher is better); the matched kind is read back from the tier.
const TIER = {
  title: 100,
  titlePrefix: 90,
  titleToken: 80,
  token: 70,
  pinyinExact: 60,
  initialsExact: 58,
  pinyinPrefix: 55,
  initialsPrefix: 53,
  pinyinToken: 50,
  contains: 40,
  fuzzy: 30,
} as const

function matchKind(score: number): MatchKind {
  if (score >= TIER.title) return 'title'
  if (score >= TIER.titlePrefix) return 'title_prefix'
  if (score >= TIER.token) return 'token'
  if (score >= TIER.pinyinExact) return 'pinyin'
  if (score >= TIER.initialsExact) return 'initials'
  if (score >= TIER.pinyinPrefix) return 'pinyin'
  if (score >= TIER.initialsPrefix) return 'initials'
  if (score >= TIER.pinyinToken) return 'pinyin'
  if (score >= TIER.contains) return 'contains'
  return 'fuzzy'
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function assertUuid(value: string, what: string): void {
  if (!UUID.test(value)) throw new TypeError(`search: ${what} is not a uuid`)
}

function docRow(doc: SearchDocWrite) {
  assertUuid(doc.workspaceId, 'workspaceId')
  assertUuid(doc.recordId, 'recordId')
  if (doc.ownerId) assertUuid(doc.ownerId, 'ownerId')
  const f = buildSearchDoc(doc)
  return sql`(${doc.workspaceId}::uuid, ${doc.objectName}, ${doc.recordId}::uuid, ${f.title}, ${f.subtitle},
    ${f.tokens}::tsvector, ${f.pinyin}, ${f.initials}, ${f.trgm}, ${doc.ownerId ?? null}::uuid, now())`
}

const UPSERT_TAIL = sql`on conflict (workspace_id, object_name, record_id) do update set
  title = excluded.title, subtitle = excluded.subtitle, tokens = excluded.tokens, pinyin = excluded.pinyin,
  initials = excluded.initials, trgm = excluded.trgm, owner_id = excluded.owner_id, updated_at = excluded.updated_at`

const INSERT_HEAD = sql`insert into search_doc
  (workspace_id, object_name, record_id, title, subtitle, tokens, pinyin, initials, trgm, owner_id, updated_at)`

/** Writes (or rewrites) one record's search document; call it inside the record's transaction. */
export async function upsertSearchDoc<DB>(trx: Kysely<DB>, doc: SearchDocWrite): Promise<void> {
  await sql`${INSERT_HEAD} values ${docRow(doc)} ${UPSERT_TAIL}`.execute(trx)
}

/** Up to 500 documents as one statement, to embed in a larger write. */
export function upsertSearchDocsSql(docs: readonly SearchDocWrite[]): RawBuilder<unknown> {
  if (docs.length === 0 || docs.length > 500) throw new Error('upsertSearchDocsSql: 1 to 500 documents')
  return sql`${INSERT_HEAD} values ${sql.join(docs.map(docRow))} ${UPSERT_TAIL}`
}

/** Deletes documents as one statement, to embed in a larger write. */
export function deleteSearchDocsSql(
  workspaceId: string,
  objectName: string,
  recordIds: readonly string[],
): RawBuilder<unknown> {
  assertUuid(workspaceId, 'workspaceId')
  for (const id of recordIds) assertUuid(id, 'recordId')
  return sql`delete from search_doc where workspace_id = ${workspaceId}::uuid
    and object_name = ${objectName} and record_id = any(${[...recordIds]}::uuid[])`
}

/** Many documents in one statement per 500 (imports, rebuilds). */
export async function upsertSearchDocs<DB>(trx: Kysely<DB>, docs: readonly SearchDocWrite[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) {
    const rows = docs.slice(i, i + 500).map(docRow)
    await sql`${INSERT_HEAD} values ${sql.join(rows)} ${UPSERT_TAIL}`.execute(trx)
  }
}

export async function deleteSearchDoc<DB>(trx: Kysely<DB>, key: SearchDocKey): Promise<void> {
  assertUuid(key.workspaceId, 'workspaceId')
  assertUuid(key.recordId, 'recordId')
  await sql`delete from search_doc where workspace_id = ${key.workspaceId}::uuid
    and object_name = ${key.objectName} and record_id = ${key.recordId}::uuid`.execute(trx)
}

const isOwnerList = (rule: ObjectVisibility): rule is readonly string[] => Array.isArray(rule)

/** The visibility map as one predicate over search_doc, or null when nothing at all is visible. */
export function visibilityPredicate(
  visibility: SearchVisibility,
  objects?: readonly string[],
): RawBuilder<boolean> | null {
  const wanted = objects ? new Set(objects) : null
  const everything: string[] = []
  const scoped: RawBuilder<boolean>[] = []
  for (const [object, rule] of Object.entries(visibility)) {
    if (wanted && !wanted.has(object)) continue
    if (rule === 'none') continue
    if (rule === 'all') everything.push(object)
    else if (isOwnerList(rule) || 'ownerIn' in rule) {
      const owners = isOwnerList(rule) ? rule : rule.ownerIn
      if (owners.length === 0) continue
      for (const id of owners) assertUuid(id, 'visibility ownerIn')
      scoped.push(
        sql<boolean>`(search_doc.object_name = ${object} and search_doc.owner_id = any(${[...owners]}::uuid[]))`,
      )
    } else {
      scoped.push(sql<boolean>`(search_doc.object_name = ${object} and (${rule}))`)
    }
  }
  if (everything.length > 0) scoped.unshift(sql<boolean>`search_doc.object_name = any(${everything}::text[])`)
  if (scoped.length === 0) return null
  return sql<boolean>`(${sql.join(scoped, sql` or `)})`
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** CASE expression giving each row its tier (null when none of the index-backed ways matched). */
function tierExpression(q: SearchQuery): RawBuilder<number | null> {
  const titleEq = sql.join(
    q.titleKeys.map((k) => sql`lower(search_doc.title) = lower(${k})`),
    sql` or `,
  )
  const titlePrefix = sql.join(
    q.titleKeys.map((k) => sql`lower(search_doc.title) like lower(${`${likeEscape(k)}%`})`),
    sql` or `,
  )
  const pinyin = q.pinyinKey
  const initials = q.initialsKey
  return sql<number | null>`case
    when ${titleEq} then ${sql.lit(TIER.title)}
    when ${titlePrefix} then ${sql.lit(TIER.titlePrefix)}
    when search_doc.tokens @@ ${q.tsTitle}::tsquery then ${sql.lit(TIER.titleToken)}
    when search_doc.tokens @@ ${q.tsText}::tsquery then ${sql.lit(TIER.token)}
    ${pinyin ? sql`when search_doc.pinyin = ${pinyin} then ${sql.lit(TIER.pinyinExact)}` : sql``}
    ${initials ? sql`when search_doc.initials = ${initials} then ${sql.lit(TIER.initialsExact)}` : sql``}
    ${pinyin ? sql`when search_doc.pinyin like ${`${likeEscape(pinyin)}%`} then ${sql.lit(TIER.pinyinPrefix)}` : sql``}
    ${initials ? sql`when search_doc.initials like ${`${likeEscape(initials)}%`} then ${sql.lit(TIER.initialsPrefix)}` : sql``}
    when search_doc.tokens @@ ${q.tsAny}::tsquery then ${sql.lit(TIER.pinyinToken)}
  end`
}

/**
 * The fallback, run only while the index-backed stages found fewer than `limit`: pinyin corrections through
 * the token index, "contains" and word similarity through the trigram index.
 */
function fuzzyStage(q: SearchQuery): { where: RawBuilder<boolean>; score: RawBuilder<number> } | null {
  const where: RawBuilder<boolean>[] = []
  const similarity: RawBuilder<number>[] = []
  let contains: RawBuilder<boolean> | null = null
  if (q.fuzzy) {
    contains = sql<boolean>`search_doc.trgm like ${`%${likeEscape(q.fuzzy)}%`}`
    where.push(contains)
    if (q.fuzzyWords) {
      where.push(sql<boolean>`${q.fuzzy} <% search_doc.trgm`)
      similarity.push(sql<number>`word_similarity(${q.fuzzy}, search_doc.trgm)`)
    }
  }
  if (q.fuzzyTs) where.push(sql<boolean>`search_doc.tokens @@ ${q.fuzzyTs}::tsquery`)
  if (q.fuzzyKey) similarity.push(sql<number>`similarity(search_doc.pinyin, ${q.fuzzyKey})`)
  if (where.length === 0) return null
  const best =
    similarity.length === 0
      ? sql<number>`0`
      : similarity.length === 1
        ? similarity[0]!
        : sql<number>`greatest(${sql.join(similarity)})`
  const score = contains
    ? sql<number>`case when ${contains} then ${sql.lit(TIER.contains)} + ${best} else ${sql.lit(TIER.fuzzy)} + 9 * ${best} end`
    : sql<number>`${sql.lit(TIER.fuzzy)} + 9 * ${best}`
  return { where: sql<boolean>`(${sql.join(where, sql` or `)})`, score }
}

export interface HitRow {
  object_name: string
  record_id: string
  title: string
  subtitle: string | null
  owner_id: string | null
  updated_at: Date
  score: number
}

/** Rows a dense stage reads from the workspace before it stops looking (see `tokenStage`). */
export const SAMPLE_ROWS = 5_000

/**
 * The search statement for these options, or null when nothing can match (empty query, nothing visible).
 * `stats` only changes the plan, never the result set of a rare query. Exported so tests can EXPLAIN it.
 */
export function searchSql(
  opts: SearchOptions,
  stats: LexemeStats = NO_STATS,
): { query: RawBuilder<HitRow>; limit: number; dense: string[] } | null {
  const prepared = prepareSearch(opts)
  return prepared && compileSearch(opts, prepared, stats)
}

interface PreparedSearch {
  q: SearchQuery
  scope: RawBuilder<boolean>
}

function prepareSearch(opts: SearchOptions): PreparedSearch | null {
  assertUuid(opts.workspaceId, 'workspaceId')
  const q = buildQuery(opts.q)
  if (!q) return null
  const scope = visibilityPredicate(opts.visibility, opts.objects)
  return scope && { q, scope }
}

function compileSearch(
  opts: SearchOptions,
  { q, scope }: PreparedSearch,
  stats: LexemeStats,
): { query: RawBuilder<HitRow>; limit: number; dense: string[] } {
  const limit = Math.min(100, Math.max(1, Math.floor(opts.limit ?? 10)))
  const cap = Math.min(5_000, Math.max(limit, Math.floor(opts.candidates ?? 400)))

  const tier = tierExpression(q)
  const ws = opts.workspaceId
  const from = sql`from search_doc where search_doc.workspace_id = ${ws}::uuid and ${scope}`
  // The first SAMPLE_ROWS rows of the workspace, read in table order. The workspace test is written so that no
  // index can serve it: otherwise, with enable_seqscan off, this would become a bitmap over the whole workspace.
  const sample = sql`from (select * from search_doc where coalesce(search_doc.workspace_id = ${ws}::uuid, false)
    limit ${SAMPLE_ROWS}) as search_doc where ${scope}`
  const cols = sql`search_doc.object_name, search_doc.record_id, search_doc.title, search_doc.subtitle,
    search_doc.owner_id, search_doc.updated_at`
  const ctes: RawBuilder<unknown>[] = []
  const dense: string[] = []

  // Titles starting with the query; for a dense term (张) only titles equal to it: "every title starting with
  // 张" is as long a read as the term's posting list, and the sample finds such titles anyway.
  const broad = estimateShare(q.tsText, stats) >= DENSE_SHARE
  const titleMatch = sql.join(
    q.titleKeys.map((k) =>
      broad
        ? sql`lower(search_doc.title) = lower(${k})`
        : sql`lower(search_doc.title) like lower(${`${likeEscape(k)}%`})`,
    ),
    sql` or `,
  )
  ctes.push(
    sql`c_title as (select ${cols}, (${tier})::float8 as score ${from} and (${titleMatch}) limit ${cap})`,
  )

  /**
   * A token stage. A GIN bitmap scan reads the whole posting list before the LIMIT applies: cheap for rare
   * terms, 100+ ms at a million rows for a term in a third of them (有限公司, or the prefix zh). Such a
   * "dense" term is better served by scanning rows until `cap` match, which is what the sample does; the
   * bitmap stage still runs when the sample found fewer than `limit` (the estimate was wrong, or the
   * caller sees few of the rows), so a dense guess can cost time but never results.
   */
  const tokenStage = (name: string, ts: string, gate: RawBuilder<boolean> | null) => {
    const id = sql.id(name)
    const gated = gate ? sql`and ${gate}` : sql``
    const select = (source: RawBuilder<unknown>, extra: RawBuilder<unknown>) =>
      sql`select ${cols}, (${tier})::float8 as score ${source}
        and search_doc.tokens @@ ${ts}::tsquery ${gated} ${extra} limit ${cap}`
    if (estimateShare(ts, stats) < DENSE_SHARE) {
      ctes.push(sql`${id} as (${select(from, sql``)})`)
      return
    }
    dense.push(name)
    const sampled = sql.id(`${name}_sample`)
    const indexed = sql.id(`${name}_index`)
    ctes.push(
      sql`${sampled} as (${select(sample, sql``)})`,
      sql`${indexed} as (${select(from, sql`and (select count(*) from ${sampled}) < ${limit}`)})`,
      sql`${id} as (select * from ${sampled} union all select * from ${indexed})`,
    )
  }
  tokenStage('c_text', q.tsText, null)
  // Pinyin matches rank below text matches, so they are only looked for while text matches left room.
  tokenStage('c_any', q.tsAny, sql<boolean>`(select count(*) from c_text) < ${cap}`)

  const fuzzy = fuzzyStage(q)
  if (fuzzy) {
    ctes.push(sql`c_fuzzy as (
      select ${cols}, (coalesce(${tier}, ${fuzzy.score}))::float8 as score ${from} and ${fuzzy.where}
        and (select count(*) from (select record_id from c_title union select record_id from c_text
               union select record_id from c_any) found) < ${limit}
      limit ${cap})`)
  }
  const fuzzyUnion = fuzzy ? sql`union all select * from c_fuzzy` : sql``

  const query = sql<HitRow>`
    with ${sql.join(ctes)},
    hits as (
      select distinct on (object_name, record_id) * from (
        select * from c_title union all select * from c_text union all select * from c_any ${fuzzyUnion}
      ) u
      where score is not null
      order by object_name, record_id, score desc
    ), ranked as (
      select *, row_number() over (
        partition by object_name order by score desc, length(title), updated_at desc, record_id) as rn
      from hits
    )
    select object_name, record_id, title, subtitle, owner_id, updated_at, score
    from ranked where rn <= ${limit}
    order by score desc, length(title), updated_at desc, record_id`
  return { query, limit, dense }
}

/**
 * Statistics cached per workspace (the table's statistics seen from that workspace's connection settings),
 * so they also serve calls inside a caller's transaction, which is how the search service calls.
 */
const statsCache = new Map<string, { at: number; stats: Promise<LexemeStats> }>()
const STATS_CACHE_ENTRIES = 1_000
/** How long lexeme statistics are reused; ANALYZE itself only refreshes them every so often. */
export const STATS_TTL_MS = 5 * 60_000

/** Lexeme frequencies of search_doc.tokens from pg_stats (empty before the first ANALYZE). */
export async function loadLexemeStats<DB>(db: Kysely<DB>): Promise<LexemeStats> {
  const r = await sql<{ elems: string[] | null; freqs: (number | string)[] | null }>`
    select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs
    from pg_stats
    where schemaname = current_schema() and tablename = 'search_doc' and attname = 'tokens'`.execute(db)
  const row = r.rows[0]
  const freqs = new Map<string, number>()
  if (row?.elems && row.freqs) {
    for (const [i, e] of row.elems.entries()) freqs.set(e, Number(row.freqs[i] ?? 0))
  }
  return { freqs }
}

function cachedStats<DB>(db: Kysely<DB>, workspaceId: string): Promise<LexemeStats> {
  const hit = statsCache.get(workspaceId)
  if (hit && Date.now() - hit.at < STATS_TTL_MS) return hit.stats
  if (statsCache.size >= STATS_CACHE_ENTRIES) statsCache.clear()
  const stats = loadLexemeStats(db)
  statsCache.set(workspaceId, { at: Date.now(), stats })
  stats.catch(() => statsCache.delete(workspaceId))
  return stats
}

/**
 * Global search over one workspace. Candidates come from a title-prefix stage, a text-token stage, a
 * pinyin/initials stage (only while text matches left room) and, only when those found fewer than `limit`,
 * a fallback for typos and substrings. Each stage keeps at most `candidates` rows, and common terms are read
 * from a bounded sample instead of their whole posting list, so a broad query costs about as much as a rare one.
 */
export async function search<DB>(db: Kysely<DB>, opts: SearchOptions): Promise<SearchResult> {
  const prepared = prepareSearch(opts)
  if (!prepared) return { groups: [], hits: [] }
  const rows = await withSearchSettings(db, async (conn) => {
    const stats = opts.stats ?? (await cachedStats(conn, opts.workspaceId))
    return (await compileSearch(opts, prepared, stats).query.execute(conn)).rows
  })
  const hits = rows.map(
    (r): SearchHit => ({
      objectName: r.object_name,
      recordId: r.record_id,
      title: r.title,
      subtitle: r.subtitle,
      ownerId: r.owner_id,
      score: Math.round(Number(r.score) * 1000) / 1000,
      matchedBy: matchKind(Number(r.score)),
      updatedAt: r.updated_at,
    }),
  )
  const byObject = new Map<string, SearchHit[]>()
  for (const h of hits) {
    const list = byObject.get(h.objectName)
    if (list) list.push(h)
    else byObject.set(h.objectName, [h])
  }
  return { groups: [...byObject].map(([objectName, list]) => ({ objectName, hits: list })), hits }
}

/**
 * Every stage reads at most `candidates` rows. Under a LIMIT the planner likes plans that can stop early (a
 * sequential scan, or an index scan over the whole workspace) whenever it overestimates how many rows a
 * tsquery or trigram condition matches; for a rare term over a million rows that bet reads everything.
 * Bitmap scans only: each stage then starts from the index that answers its condition. JIT off: a forced
 * sequential scan (the dense sample) carries the planner's 1e10 "disabled" cost, which trips jit_above_cost,
 * and compiling the expressions took seconds on PostgreSQL 15 for a query that runs in milliseconds.
 * SET LOCAL inside a savepoint (or its own transaction), so the caller's settings come back afterwards.
 */
export const SEARCH_SETTINGS = { enable_seqscan: 'off', enable_indexscan: 'off', jit: 'off' } as const

async function withSearchSettings<DB, T>(db: Kysely<DB>, run: (conn: Kysely<DB>) => Promise<T>): Promise<T> {
  const apply = sql.raw(
    Object.entries(SEARCH_SETTINGS)
      .map(([name, value]) => `set local ${name} = '${value}'`)
      .join('; '),
  )
  if (!db.isTransaction) {
    return db.transaction().execute(async (trx) => {
      await apply.execute(trx)
      return run(trx)
    })
  }
  await sql`savepoint kemai_search`.execute(db)
  try {
    await apply.execute(db)
    return await run(db)
  } finally {
    // Rolling back to the savepoint undoes the SET LOCALs; the search wrote nothing.
    await sql`rollback to savepoint kemai_search`.execute(db)
    await sql`release savepoint kemai_search`.execute(db)
  }
}
