import { z } from 'zod'

/** `GET /api/v1/search?q=&objects=&limit=`: hits grouped by object, best first. */
export const searchQuerySchema = z.object({
  q: z.string().max(200),
  objects: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
})

export const searchHitSchema = z.object({
  objectName: z.string(),
  recordId: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  score: z.number(),
  matchedBy: z.string(),
})
export type SearchHit = z.infer<typeof searchHitSchema>

export const searchResponseSchema = z.object({
  groups: z.array(z.object({ objectName: z.string(), hits: z.array(searchHitSchema) })),
})
export type SearchResponse = z.infer<typeof searchResponseSchema>
