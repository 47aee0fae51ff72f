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
  layout: layoutSchema.nullable(),
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
