import type { Db } from '../db/tx.ts'

export interface WorkspaceRow {
  id: string
  name: string
  slug: string
  time_zone: string
  currency: string
  locale: string
  db_schema: string
  created_at: Date
}

const COLUMNS = ['id', 'name', 'slug', 'time_zone', 'currency', 'locale', 'db_schema', 'created_at'] as const

export async function insertWorkspace(q: Db, row: Omit<WorkspaceRow, 'created_at'>): Promise<WorkspaceRow> {
  return q.insertInto('workspace').values(row).returning(COLUMNS).executeTakeFirstOrThrow()
}

export async function getWorkspace(q: Db, id: string): Promise<WorkspaceRow | undefined> {
  return q.selectFrom('workspace').select(COLUMNS).where('id', '=', id).executeTakeFirst()
}

export async function slugTaken(q: Db, slug: string): Promise<boolean> {
  return (
    (await q.selectFrom('workspace').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined
  )
}

/** The error of an insert that hit the unique slug. */
export function isSlugUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string } | null
  return err?.code === '23505' && err.constraint === 'workspace_slug_key'
}
