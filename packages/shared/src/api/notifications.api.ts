import { z } from 'zod'

/**
 * What a notification is about. `followed`: a record you follow changed or got an activity (`data.changed`
 * or `data.activityType`); `job_finished`: a long job (import, export…) ended; `data` says how.
 */
export const NOTIFICATION_KINDS = [
  'assigned',
  'mentioned',
  'followed',
  'job_finished',
  'workflow',
  'approval',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** the record it is about, if any */
  object: z.string().nullable(),
  recordId: z.uuid().nullable(),
  /** the record's title (or the job's name) when the notification was made */
  title: z.string(),
  /** who caused it (null: the system) */
  actorId: z.uuid().nullable(),
  data: z.record(z.string(), z.unknown()),
  readAt: z.string().nullable(),
  createdAt: z.string(),
})
export type Notification = z.infer<typeof notificationSchema>

export const notificationListQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
})

export const notificationListSchema = z.object({
  data: z.array(notificationSchema),
  /** unread notifications of the user in all (not just this page) */
  unread: z.number().int(),
  nextCursor: z.string().nullable(),
})

/** Mark some (`ids`) or all (`all: true`) of the user's notifications read. */
export const markReadSchema = z
  .object({
    ids: z.array(z.uuid()).min(1).max(500).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), { message: 'ids_or_all', path: ['ids'] })

export const followersSchema = z.object({
  /** does the signed-in user follow the record */
  following: z.boolean(),
  count: z.number().int(),
  userIds: z.array(z.uuid()),
})

/** The Server-Sent Events of `GET /api/v1/notifications/stream`: `event: notification`, `data: <json>`. */
export const notificationStreamEventSchema = z.object({
  notification: notificationSchema,
  unread: z.number().int(),
})
