import { z } from 'zod'

/**
 * `PATCH /records/{object}/{id}/activities/{activityId}`: only the members sent change. `null` clears a
 * subject, body or due time; `done` ticks a task off (or reopens it); `mentions` is the whole new list (the
 * users newly in it are notified). Unknown members are refused.
 */
export const activityPatchSchema = z
  .object({
    subject: z.string().max(500).nullable().optional(),
    body: z.string().max(100_000).nullable().optional(),
    occurred_at: z.string().datetime({ offset: true }).optional(),
    due_at: z.string().datetime({ offset: true }).nullable().optional(),
    done: z.boolean().optional(),
    mentions: z.array(z.uuid()).max(20).optional(),
  })
  .strict()
  .meta({ id: 'ActivityPatch' })
export type ActivityPatch = z.infer<typeof activityPatchSchema>
