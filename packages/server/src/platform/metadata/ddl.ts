import { FIELD_STORAGE, type FieldDef, type FieldType } from '@kemai/shared/fields'
import { type RawBuilder, sql } from 'kysely'
import type { Tx } from '../db/tx.ts'

/** Column SQL types per storage shape: a whitelist, never user text (STACK.md §4.6, §6). */
const COLUMN_SQL: Record<string, string> = {
  text: 'text',
  double: 'double precision',
  money: 'numeric(18,2)',
  date: 'date',
  timestamptz: 'timestamptz',
  bool: 'boolean',
  'text[]': 'text[]',
  jsonb: 'jsonb',
  smallint: 'smallint',
  uuid: 'uuid',
}

export const CURRENCY_SUFFIX = '__cur'

export const tableName = (objectName: string): string => `obj_${objectName}`

/** The physical columns a field occupies (currency has two; many_to_many none). */
export function columnsOf(field: Pick<FieldDef, 'name' | 'type'>): { name: string; sqlType: string }[] {
  const storage = FIELD_STORAGE[field.type]
  if (storage === 'none') return []
  const cols = [{ name: field.name, sqlType: COLUMN_SQL[storage]! }]
  if (storage === 'money') cols.push({ name: field.name + CURRENCY_SUFFIX, sqlType: 'text' })
  return cols
}

const q = (id: string): string => `"${id.replace(/"/g, '""')}"`
const ref = (schema: string, table: string): RawBuilder<unknown> => sql`${sql.id(schema)}.${sql.id(table)}`

export async function createSchema(trx: Tx, schema: string): Promise<void> {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(trx)
  await sql`grant usage on schema ${sql.id(schema)} to kemai_app`.execute(trx)
}

/** Creates an object's table with the system columns, RLS and the indexes every list needs. */
export async function createObjectTable(trx: Tx, schema: string, objectName: string): Promise<void> {
  const table = tableName(objectName)
  await sql`create table ${ref(schema, table)} (
    workspace_id uuid not null,
    id uuid not null,
    version int not null default 1,
    owner_id uuid,
    created_at timestamptz not null default date_trunc('milliseconds', now()),
    created_by uuid,
    updated_at timestamptz not null default date_trunc('milliseconds', now()),
    updated_by uuid,
    deleted_at timestamptz,
    primary key (workspace_id, id)
  )`.execute(trx)
  await sql
    .raw(`
    create index ${q(`${table}_owner`)} on ${q(schema)}.${q(table)} (workspace_id, owner_id) where deleted_at is null;
    create index ${q(`${table}_created`)} on ${q(schema)}.${q(table)} (workspace_id, created_at desc, id desc) where deleted_at is null;
    create index ${q(`${table}_updated`)} on ${q(schema)}.${q(table)} (workspace_id, updated_at desc, id desc) where deleted_at is null;
    create index ${q(`${table}_deleted`)} on ${q(schema)}.${q(table)} (workspace_id, deleted_at) where deleted_at is not null;
    alter table ${q(schema)}.${q(table)} enable row level security;
    create policy workspace_isolation on ${q(schema)}.${q(table)}
      using (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
      with check (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
    grant select, insert, update, delete on ${q(schema)}.${q(table)} to kemai_app;
  `)
    .execute(trx)
}

export async function dropObjectTable(trx: Tx, schema: string, objectName: string): Promise<void> {
  await sql`drop table if exists ${ref(schema, tableName(objectName))}`.execute(trx)
}

/** Index kinds by type: what lists filter and sort on most. */
function indexFor(type: FieldType): 'btree' | 'gin' | null {
  switch (type) {
    case 'relation':
    case 'user':
    case 'select':
    case 'date':
    case 'datetime':
    case 'number':
    case 'currency':
    case 'email':
    case 'phone':
      return 'btree'
    case 'multi_select':
    case 'tags':
      return 'gin'
    default:
      return null
  }
}

export async function addFieldColumns(
  trx: Tx,
  schema: string,
  objectName: string,
  field: Pick<FieldDef, 'name' | 'type' | 'options'>,
  opts: { isTitle?: boolean } = {},
): Promise<void> {
  const table = tableName(objectName)
  for (const col of columnsOf(field)) {
    await sql
      .raw(`alter table ${q(schema)}.${q(table)} add column ${q(col.name)} ${col.sqlType}`)
      .execute(trx)
  }
  const kind = opts.isTitle ? 'btree' : indexFor(field.type)
  if (kind === 'btree') {
    await sql
      .raw(
        `create index ${q(`${table}_${field.name}`)} on ${q(schema)}.${q(table)} (workspace_id, ${q(field.name)}) where deleted_at is null`,
      )
      .execute(trx)
  } else if (kind === 'gin') {
    await sql
      .raw(
        `create index ${q(`${table}_${field.name}`)} on ${q(schema)}.${q(table)} using gin (${q(field.name)})`,
      )
      .execute(trx)
  }
  if (field.options.unique) await setUnique(trx, schema, objectName, field.name, true)
}

export async function setUnique(trx: Tx, schema: string, objectName: string, column: string, on: boolean) {
  const table = tableName(objectName)
  const idx = q(`${table}_${column}_unique`)
  if (on) {
    await sql
      .raw(
        `create unique index ${idx} on ${q(schema)}.${q(table)} (workspace_id, ${q(column)}) where deleted_at is null`,
      )
      .execute(trx)
  } else {
    await sql.raw(`drop index if exists ${q(schema)}.${idx}`).execute(trx)
  }
}

export async function dropFieldColumns(
  trx: Tx,
  schema: string,
  objectName: string,
  field: Pick<FieldDef, 'name' | 'type'>,
): Promise<void> {
  for (const col of columnsOf(field)) {
    await sql
      .raw(`alter table ${q(schema)}.${q(tableName(objectName))} drop column if exists ${q(col.name)}`)
      .execute(trx)
  }
}

/** Whether any live or deleted record has a value in this field (deleting such a field needs confirmation). */
export async function countValues(
  trx: Tx,
  schema: string,
  objectName: string,
  field: Pick<FieldDef, 'name' | 'type'>,
): Promise<number> {
  const cols = columnsOf(field)
  if (cols.length === 0) return 0
  const r = await sql<{ n: number }>`select count(*)::int as n from ${ref(schema, tableName(objectName))}
    where ${sql.ref(cols[0]!.name)} is not null`.execute(trx)
  return r.rows[0]?.n ?? 0
}
