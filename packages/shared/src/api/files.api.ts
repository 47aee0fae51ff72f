import { z } from 'zod'

/** A stored file (upload, attachment, or the target of a `file` field's reference). */
export const fileInfoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
  sha256: z.string(),
  /** the record it belongs to (null: uploaded, not attached yet) */
  object: z.string().nullable(),
  recordId: z.uuid().nullable(),
  /** the file field that refers to it (null: a plain attachment) */
  field: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
})
export type FileInfo = z.infer<typeof fileInfoSchema>

export const fileListSchema = z.object({ data: z.array(fileInfoSchema) })

/** Upload: the file's bytes are the request body; its name comes in the query string. */
export const uploadQuerySchema = z.object({ name: z.string().min(1).max(1000) })
