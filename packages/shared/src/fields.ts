import { z } from 'zod'

/**
 * The field-type registry shared by the server (DDL, validation), the filter language and the web app.
 * Every field of every object, built-in or custom, has one of these types.
 */
export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'boolean',
  'select',
  'multi_select',
  'email',
  'phone',
  'url',
  'address',
  'rating',
  'user',
  'relation',
  'many_to_many',
  'tags',
  'json',
  'file',
] as const
export type FieldType = (typeof FIELD_TYPES)[number]
export const fieldTypeSchema = z.enum(FIELD_TYPES)

export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,47}$/
export const nameSchema = z.string().regex(NAME_PATTERN, 'invalid_name')

export const selectOptionSchema = z.object({
  value: z.string().min(1).max(100),
  label: z.object({ 'zh-CN': z.string().max(200).optional(), en: z.string().max(200).optional() }).optional(),
  color: z.string().max(20).optional(),
})
export type SelectOption = z.infer<typeof selectOptionSchema>

export const labelSchema = z.object({
  'zh-CN': z.string().min(1).max(200),
  en: z.string().min(1).max(200),
})
export type Label = z.infer<typeof labelSchema>

/** Checked formats of a text field (`options.format`). */
export const TEXT_FORMATS = ['credit_code'] as const
export type TextFormat = (typeof TEXT_FORMATS)[number]

/** Options a field may carry; which apply depends on the type. */
export const fieldOptionsSchema = z
  .object({
    required: z.boolean().optional(),
    unique: z.boolean().optional(),
    default: z.unknown().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.number().int().positive().max(100000).optional(),
    regex: z.string().max(500).optional(),
    help: z
      .object({ 'zh-CN': z.string().max(1000).optional(), en: z.string().max(1000).optional() })
      .optional(),
    choices: z.array(selectOptionSchema).max(1000).optional(),
    /** relation and many_to_many: the target object */
    target: nameSchema.optional(),
    /** relation: name of the inverse one-to-many list shown on the target object */
    inverseName: nameSchema.optional(),
    inverseLabel: labelSchema.optional(),
    /** many_to_many: the junction object created for it */
    junction: nameSchema.optional(),
    /** currency: default ISO code */
    currency: z.string().length(3).optional(),
    /** phone: default region (ISO 3166 alpha-2) */
    region: z.string().length(2).optional(),
    /** rating: number of stars */
    scale: z.number().int().min(3).max(10).optional(),
    /** included in the global search document (default: title field, email and phone fields) */
    searchable: z.boolean().optional(),
    /** text holding a person's name: search indexes surname pinyin (单 → shan) */
    personName: z.boolean().optional(),
    /** number: decimal places */
    precision: z.number().int().min(0).max(8).optional(),
    /** text: a checked format the write path validates and canonicalises (credit_code: 统一社会信用代码) */
    format: z.enum(TEXT_FORMATS).optional(),
    /** not among a list's default columns (the column picker still offers it): sort keys, long notes */
    hideInList: z.boolean().optional(),
  })
  .strict()
export type FieldOptions = z.infer<typeof fieldOptionsSchema>

export const currencyValueSchema = z.object({
  amount: z.union([z.string().regex(/^-?\d{1,16}(\.\d{1,2})?$/), z.number().finite()]),
  currency: z.string().regex(/^[A-Z]{3}$/),
})
export type CurrencyValue = { amount: string; currency: string }

export const addressValueSchema = z
  .object({
    country: z.string().max(2).optional(),
    province: z.string().max(12).optional(),
    city: z.string().max(12).optional(),
    district: z.string().max(12).optional(),
    text: z.string().max(500).optional(),
  })
  .strict()
export type AddressValue = z.infer<typeof addressValueSchema>

export const fileRefSchema = z.object({
  id: z.string().uuid(),
  name: z.string().max(255),
  size: z.number().int().nonnegative(),
  mime: z.string().max(255).optional(),
})
export type FileRef = z.infer<typeof fileRefSchema>

/** Which physical shape a field type takes; the server maps these to SQL columns. */
export const FIELD_STORAGE: Record<
  FieldType,
  | 'text'
  | 'double'
  | 'money'
  | 'date'
  | 'timestamptz'
  | 'bool'
  | 'text[]'
  | 'jsonb'
  | 'smallint'
  | 'uuid'
  | 'none'
> = {
  text: 'text',
  long_text: 'text',
  number: 'double',
  currency: 'money',
  percent: 'double',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'bool',
  select: 'text',
  multi_select: 'text[]',
  email: 'text',
  phone: 'text',
  url: 'text',
  address: 'jsonb',
  rating: 'smallint',
  user: 'uuid',
  relation: 'uuid',
  many_to_many: 'none',
  tags: 'text[]',
  json: 'jsonb',
  file: 'jsonb',
}

/** The columns every object table has, managed by the platform, readable like fields. */
export const SYSTEM_COLUMNS = [
  'id',
  'workspace_id',
  'version',
  'owner_id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
] as const
export type SystemColumn = (typeof SYSTEM_COLUMNS)[number]

/** Minimal field description the filter language, the validator and the web app work from. */
export interface FieldDef {
  name: string
  type: FieldType
  label: Label
  options: FieldOptions
  isSystem: boolean
  isActive: boolean
}

/**
 * How a record page shows an object's fields: sections in order, each with its fields in order and 1 or 2
 * columns. Fields not placed in any section appear in a last "more" section (the web app adds it), so a new
 * field is never invisible.
 */
export const layoutSchema = z
  .object({
    sections: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
            label: z.object({ 'zh-CN': z.string().min(1).max(100), en: z.string().min(1).max(100) }),
            columns: z.union([z.literal(1), z.literal(2)]).default(2),
            collapsed: z.boolean().default(false),
            fields: z.array(z.string().max(48)).max(200),
          })
          .strict(),
      )
      .max(30),
  })
  .strict()
export type Layout = z.infer<typeof layoutSchema>

export interface ObjectDef {
  name: string
  label: Label
  pluralLabel: Label
  isSystem: boolean
  isActive: boolean
  module: string | null
  /** field used as the record's title (search, pickers, timeline) */
  titleField: string
  fields: FieldDef[]
  /** the record page's sections (null: one section with every field, in field order) */
  layout?: Layout | null
  /** creates and edits are checked for duplicates (409 `duplicate_candidates` unless allowDuplicate) */
  dedup?: boolean
}
