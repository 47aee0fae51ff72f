import { z } from 'zod'
import { fieldTypeSchema, labelSchema, layoutSchema, nameSchema } from '../fields.ts'

export const fieldSchema = z.object({
  name: z.string(),
  type: fieldTypeSchema,
  label: labelSchema,
  options: z.record(z.string(), z.unknown()),
  isSystem: z.boolean(),
  isActive: z.boolean(),
})

export const inverseSchema = z.object({
  name: z.string(),
  label: labelSchema,
  fromObject: z.string(),
  field: z.string(),
})

export const objectSchema = z.object({
  name: z.string(),
  label: labelSchema,
  pluralLabel: labelSchema,
  titleField: z.string(),
  /** an icon name the settings pages offer (`createObjectSchema.icon`) */
  icon: z.string().nullable().optional(),
  layout: layoutSchema.nullable(),
  /** creates and edits are checked for duplicates (docs/dedup.md) */
  dedup: z.boolean().optional(),
  /** a link object (many-to-many junction, relationship): reached from the records it links, not from the navigation */
  isJunction: z.boolean().optional(),
  module: z.string().nullable(),
  isSystem: z.boolean(),
  isActive: z.boolean(),
  fields: z.array(fieldSchema),
  inverses: z.array(inverseSchema),
})

export const createObjectSchema = z.object({
  name: nameSchema,
  label: labelSchema,
  pluralLabel: labelSchema.optional(),
  icon: z.string().max(50).nullable().optional(),
})
export const updateObjectSchema = z.object({
  label: labelSchema.optional(),
  pluralLabel: labelSchema.optional(),
  isActive: z.boolean().optional(),
  titleField: z.string().max(48).optional(),
  icon: z.string().max(50).nullable().optional(),
  /** the record page's sections; null goes back to the default (every field in one section) */
  layout: layoutSchema.nullable().optional(),
  /** every field of the object, each once, in the new order (one transaction) */
  fieldOrder: z.array(z.string().max(48)).max(1000).optional(),
  /** check creates and edits for duplicates; existing records are indexed at the next start */
  dedup: z.boolean().optional(),
})
export const createFieldSchema = z.object({
  name: nameSchema,
  type: fieldTypeSchema,
  label: labelSchema,
  options: z.record(z.string(), z.unknown()).optional(),
})
export const updateFieldSchema = z.object({
  label: labelSchema.optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  isActive: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
})

/** `GET /api/v1/metadata/counts`: live records (not in the recycle bin) per object, for the settings pages. */
export const objectCountsSchema = z.object({ data: z.record(z.string(), z.number().int().nonnegative()) })

/**
 * `GET /api/v1/metadata/objects/{object}/counts`: its live records, and per field the records holding a
 * value (recycle bin included: what deleting the field destroys).
 */
export const fieldCountsSchema = z.object({
  records: z.number().int().nonnegative(),
  fields: z.record(z.string(), z.number().int().nonnegative()),
})
