import { type Kysely, sql } from 'kysely'

/**
 * The search_doc table: one search document per record (ARCHITECTURE §3). Idempotent.
 *
 * Indexes, and the query each one serves (search.repo.ts):
 * - `search_doc_tokens`  GIN on tokens: characters, bigrams, jieba words, latin words, digits, pinyin and
 *   initials, including prefix queries (`'zw':*`). This is the main path, and the only one for 1–2 CJK
 *   characters (a trigram index cannot serve those, STACK.md §4.8).
 * - `search_doc_title`   btree (workspace_id, lower(title) text_pattern_ops): exact and prefix title matches,
 *   which rank first, found without scanning every token match.
 * - `search_doc_trgm`    GIN trigram on trgm: "contains" (LIKE '%…%') and word similarity, the fallback.
 * The pinyin and initials columns need no index: their prefixes are lexemes in `tokens` (`~zhangwei`, `~zw`),
 * and pinyin typos are corrected in Node and looked up there too. A trigram index on short pinyin was tried
 * and dropped: `zhangwie` shares most trigrams with every zhang* name, so it returned thousands of rows.
 *
 * Two deliberate exceptions to ARCHITECTURE rule 4, written down in docs/search.md:
 * - the GIN indexes do not lead with workspace_id: that needs btree_gin, which the embedded database is not
 *   started with; every query still filters on workspace_id;
 * - no row-level security: under an RLS policy PostgreSQL 15 will not use a GIN or trigram index for
 *   `@@`/`LIKE`/`%` (they are not leakproof) and falls back to a sequential scan.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations work on tables that are not typed
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table if not exists search_doc (
    workspace_id uuid not null,
    object_name text not null,
    record_id uuid not null,
    title text not null default '',
    subtitle text,
    tokens tsvector not null default ''::tsvector,
    pinyin text not null default '',
    initials text not null default '',
    trgm text not null default '',
    owner_id uuid,
    updated_at timestamptz not null default now(),
    primary key (workspace_id, object_name, record_id)
  )`.execute(db)
  await sql`create index if not exists search_doc_tokens on search_doc using gin (tokens)`.execute(db)
  await sql`create index if not exists search_doc_title
    on search_doc (workspace_id, lower(title) text_pattern_ops)`.execute(db)
  await sql`create index if not exists search_doc_trgm on search_doc using gin (trgm gin_trgm_ops)`.execute(
    db,
  )
  await sql`do $$ begin
    if exists (select from pg_roles where rolname = 'kemai_app') then
      grant select, insert, update, delete on search_doc to kemai_app;
    end if;
  end $$`.execute(db)
}
