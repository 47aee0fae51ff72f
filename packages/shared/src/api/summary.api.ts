import { z } from 'zod'
import { labelSchema } from '../fields.ts'

export const summaryMetricSchema = z
  .object({
    /** `last_contact`, `open_tasks`, `related:<inverse name>` */
    key: z.string(),
    kind: z.enum(['number', 'datetime', 'currency', 'text']),
    label: labelSchema,
    value: z.union([z.number(), z.string(), z.null()]),
    /** for counts of related records: the inverse relation's name (its related list) */
    related: z.string().optional(),
    /** for counts of related records: the list they are (`/o/{object}` filtered on `field` = the record) */
    list: z.object({ object: z.string(), field: z.string() }).optional(),
  })
  .meta({ id: 'SummaryMetric' })
export type SummaryMetric = z.infer<typeof summaryMetricSchema>

export const recordSummarySchema = z
  .object({ metrics: z.array(summaryMetricSchema) })
  .meta({ id: 'RecordSummary' })
export type RecordSummary = z.infer<typeof recordSummarySchema>
