import type { Notification } from '@kemai/shared/api/notifications.api'
import { rootLogger } from '../log.ts'
import type { NotificationService } from './notifications.service.ts'

export type Delivery = (n: Notification) => void

/**
 * Fans new notifications out to the open SSE streams of this process. While at least one stream is open it
 * polls the notification table by `seq` (one indexed query per interval for the whole process, whatever the
 * number of users; the same on PGlite and on PostgreSQL, and across processes: a notification written by a
 * worker elsewhere is seen here). Streams subscribe per workspace and user.
 */
export function createNotificationHub(service: NotificationService, opts: { pollMs?: number } = {}) {
  const pollMs = opts.pollMs ?? 1000
  const streams = new Map<string, Set<Delivery>>()
  let lastSeq: number | null = null
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  const key = (workspaceId: string, userId: string) => `${workspaceId}:${userId}`

  async function pollOnce(): Promise<number> {
    if (lastSeq === null) {
      lastSeq = await service.lastSeq()
      return 0
    }
    const rows = await service.since(lastSeq)
    for (const n of rows) {
      lastSeq = Math.max(lastSeq, n.seq)
      const { seq: _s, workspaceId, userId, ...notification } = n
      for (const deliver of streams.get(key(workspaceId, userId)) ?? []) deliver(notification)
    }
    return rows.length
  }

  const tick = () => {
    running ??= pollOnce()
      .then(() => undefined)
      .catch((err: Error) => rootLogger.warn({ err: { message: err.message } }, 'notification hub'))
      .finally(() => {
        running = null
      })
  }

  return {
    /** Starts delivering this user's new notifications to `deliver`; call the returned function to stop. */
    async subscribe(workspaceId: string, userId: string, deliver: Delivery): Promise<() => void> {
      const k = key(workspaceId, userId)
      const set = streams.get(k) ?? new Set()
      set.add(deliver)
      streams.set(k, set)
      if (!timer) {
        // from now on: what was written before the stream opened is in the list, not pushed
        if (lastSeq === null) lastSeq = await service.lastSeq()
        timer = setInterval(tick, pollMs)
        timer.unref()
      }
      return () => {
        set.delete(deliver)
        if (set.size === 0) streams.delete(k)
        if (streams.size === 0 && timer) {
          clearInterval(timer)
          timer = null
          lastSeq = null
        }
      }
    },
    pollOnce,
    get streams(): number {
      let n = 0
      for (const s of streams.values()) n += s.size
      return n
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      timer = null
      streams.clear()
      await running
    },
  }
}

export type NotificationHub = ReturnType<typeof createNotificationHub>
