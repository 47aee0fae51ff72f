import type { FieldDef } from '@kemai/shared/fields'
import { type RawBuilder, sql } from 'kysely'
import { errors } from '../errors.ts'
import { columnsOf } from '../metadata/ddl.ts'
import { fromRow } from './values.ts'

export type RecordData = Record<string, unknown> & { id: string; version: number }

/** System columns every record carries, in API order. */
export const SYSTEM_READ = [
  'id',
  'version',
  'owner_id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const

/** Sortable system columns and their field-like type. */
const SYSTEM_SORTABLE: Record<string, 'uuid' | 'datetime' | 'number'> = {
  id: 'uuid',
  owner_id: 'uuid',
  created_at: 'datetime',
  updated_at: 'datetime',
  version: 'number',
}

export function selectColumns(fields: FieldDef[], withDeleted = false): string[] {
  const cols: string[] = [...SYSTEM_READ]
  if (withDeleted) cols.push('deleted_at')
  for (const f of fields) for (const c of columnsOf(f)) cols.push(c.name)
  return cols
}

export function rowToRecord(
  row: Record<string, unknown>,
  fields: FieldDef[],
  withDeleted = false,
): RecordData {
  const rec: Record<string, unknown> = {}
  for (const k of SYSTEM_READ) {
    const v = row[k]
    rec[k] = v instanceof Date ? v.toISOString() : (v ?? null)
  }
  if (withDeleted) rec.deleted_at = row.deleted_at instanceof Date ? row.deleted_at.toISOString() : null
  for (const f of fields) {
    const v = fromRow(f, row)
    if (v !== undefined) rec[f.name] = v
  }
  return rec as RecordData
}

export interface SortKey {
  column: string
  desc: boolean
}

const UNSORTABLE = new Set(['json', 'address', 'file', 'multi_select', 'tags', 'many_to_many', 'long_text'])

/** `sort=a,-b` → keys, validated against readable fields; `id` always ends the list as tie-breaker. */
export function parseSort(raw: string | undefined, readable: FieldDef[]): SortKey[] {
  const keys: SortKey[] = []
  const parts = (raw ?? '-created_at')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (parts.length > 5) throw errors.badRequest([{ path: 'sort', code: 'too_large' }])
  for (const p of parts) {
    const desc = p.startsWith('-')
    const name = desc ? p.slice(1) : p
    const field = readable.find((f) => f.name === name)
    if (!(name in SYSTEM_SORTABLE) && (!field || UNSORTABLE.has(field.type))) {
      throw errors.badRequest([{ path: 'sort', code: 'unknown_field', params: { field: name } }])
    }
    if (!keys.some((k) => k.column === name)) keys.push({ column: name, desc })
  }
  if (!keys.some((k) => k.column === 'id')) keys.push({ column: 'id', desc: keys[0]?.desc ?? true })
  return keys
}

export function sortValue(row: Record<string, unknown>, column: string): unknown {
  const v = row[column]
  return v instanceof Date ? v.toISOString() : (v ?? null)
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string, keys: SortKey[]): unknown[] {
  try {
    if (cursor.length > 4096) throw new Error('long')
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (!Array.isArray(v) || v.length !== keys.length) throw new Error('shape')
    for (const x of v)
      if (x !== null && typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean')
        throw new Error('type')
    return v
  } catch {
    throw errors.badRequest([{ path: 'cursor', code: 'invalid_value' }])
  }
}

/**
 * Keyset condition "after the cursor" for a mixed-direction sort, with PostgreSQL's default null order
 * (ASC NULLS LAST, DESC NULLS FIRST) so the sort can use plain btree indexes.
 */
export function afterCursor(alias: string, keys: SortKey[], values: unknown[]): RawBuilder<boolean> {
  const col = (k: SortKey) => sql.ref(`${alias}.${k.column}`)
  const eq = (k: SortKey, v: unknown) => (v === null ? sql`${col(k)} is null` : sql`${col(k)} = ${v}`)
  const after = (k: SortKey, v: unknown): RawBuilder<boolean> => {
    if (!k.desc)
      return v === null ? sql<boolean>`false` : sql<boolean>`(${col(k)} > ${v} or ${col(k)} is null)`
    return v === null ? sql<boolean>`${col(k)} is not null` : sql<boolean>`${col(k)} < ${v}`
  }
  const ors: RawBuilder<boolean>[] = []
  for (let i = 0; i < keys.length; i++) {
    const parts = [...keys.slice(0, i).map((k, j) => eq(k, values[j])), after(keys[i]!, values[i])]
    ors.push(sql<boolean>`(${sql.join(parts, sql` and `)})`)
  }
  return sql<boolean>`(${sql.join(ors, sql` or `)})`
}

export function orderBy(alias: string, keys: SortKey[]): RawBuilder<unknown> {
  return sql.join(
    keys.map((k) =>
      k.desc ? sql`${sql.ref(`${alias}.${k.column}`)} desc` : sql`${sql.ref(`${alias}.${k.column}`)} asc`,
    ),
  )
}
