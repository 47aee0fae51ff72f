import { z } from 'zod'
import { CLEANSE_RULES } from '../cleanse.ts'

const ruleSchema = z.enum(CLEANSE_RULES)

export const MAX_CLEANSE_SCAN = 2000
export const MAX_CLEANSE_APPLY = 500

export const cleanseScanBodySchema = z
  .object({
    /** a filter-language AST limiting the records looked at (the list's current filter) */
    filter: z.unknown().optional(),
    /** the rules to look for (all when omitted) */
    rules: z.array(ruleSchema).min(1).max(CLEANSE_RULES.length).optional(),
    /** from the previous answer's `nextCursor` */
    cursor: z.string().max(2000).optional(),
    /** records to look at in this call */
    limit: z.number().int().min(1).max(MAX_CLEANSE_SCAN).optional(),
  })
  .strict()
  .meta({ id: 'CleanseScanBody' })
export type CleanseScanBody = z.infer<typeof cleanseScanBodySchema>

export const cleanseFixSchema = z
  .object({ field: z.string(), rules: z.array(ruleSchema), old: z.unknown(), new: z.unknown() })
  .meta({ id: 'CleanseFix' })

export const cleanseSuggestionSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    title: z.string(),
    fixes: z.array(cleanseFixSchema),
  })
  .meta({ id: 'CleanseSuggestion' })
export type CleanseSuggestion = z.infer<typeof cleanseSuggestionSchema>

export const cleanseScanResponseSchema = z
  .object({
    data: z.array(cleanseSuggestionSchema),
    /** records looked at in this call */
    scanned: z.number().int(),
    /** fixes per rule in this call */
    counts: z.record(z.string(), z.number().int()),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'CleanseScanResponse' })
export type CleanseScanResponse = z.infer<typeof cleanseScanResponseSchema>

export const cleanseApplyBodySchema = z
  .object({
    items: z
      .array(
        z
          .object({
            id: z.uuid(),
            /** the version the suggestion was made on: a record changed since is not touched (409) */
            version: z.number().int().min(1),
            /** the fields whose suggested fix to apply */
            fields: z.array(z.string().max(64)).min(1).max(200),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_CLEANSE_APPLY),
    rules: z.array(ruleSchema).min(1).max(CLEANSE_RULES.length).optional(),
  })
  .strict()
  .meta({ id: 'CleanseApplyBody' })
export type CleanseApplyBody = z.infer<typeof cleanseApplyBodySchema>

export const cleanseApplyResponseSchema = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        /** the record's new version (ok) */
        version: z.number().int().optional(),
        /** the fields changed (ok; empty when the record was already clean) */
        changed: z.array(z.string()).optional(),
        error: z
          .object({
            code: z.string(),
            title: z.string(),
            status: z.number().int(),
            errors: z.array(z.unknown()).optional(),
          })
          .optional(),
      }),
    ),
    applied: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'CleanseApplyResponse' })
export type CleanseApplyResponse = z.infer<typeof cleanseApplyResponseSchema>
