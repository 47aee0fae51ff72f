import type { Notification, NotificationKind } from '@kemai/shared/api/notifications.api'
import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import { type Db, isUuid, type Tx, withPlatform, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'

export interface NotificationInput {
  workspaceId: string
  userId: string
  kind: NotificationKind
  objectName?: string | null
  recordId?: string | null
  title: string
  actorId?: string | null
  data?: Record<string, unknown>
}

interface NotificationRow {
  id: string
  seq: number
  workspace_id: string
  user_id: string
  kind: string
  object_name: string | null
  record_id: string | null
  title: string
  actor_id: string | null
  data: Record<string, unknown>
  read_at: Date | null
  created_at: Date
}

const COLUMNS = sql`id, seq, workspace_id, user_id, kind, object_name, record_id, title, actor_id, data, read_at, created_at`

export function toNotification(r: NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    object: r.object_name,
    recordId: r.record_id,
    title: r.title,
    actorId: r.actor_id,
    data: r.data ?? {},
    readAt: r.read_at ? r.read_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  }
}

/**
 * Writes notifications in the caller's transaction (a listener's, or a job's as it finishes), so they exist
 * exactly when what they announce does. Nobody is notified of their own action.
 */
export async function notify(trx: Tx, inputs: readonly NotificationInput[]): Promise<number> {
  const rows = inputs.filter((n) => isUuid(n.userId) && n.userId !== n.actorId)
  if (rows.length === 0) return 0
  await sql`insert into notification
      (workspace_id, id, user_id, kind, object_name, record_id, title, actor_id, data)
    values ${sql.join(
      rows.map(
        (n) => sql`(${n.workspaceId}, ${newId()}, ${n.userId}, ${n.kind}, ${n.objectName ?? null},
          ${n.recordId ?? null}, ${n.title.slice(0, 500)}, ${n.actorId ?? null}, ${JSON.stringify(n.data ?? {})}::jsonb)`,
      ),
    )}`.execute(trx)
  return rows.length
}

const PAGE = 30

export function createNotificationService(deps: { db: Db }) {
  const unreadCount = async (trx: Tx, actor: Actor) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from notification
        where workspace_id = ${actor.workspaceId} and user_id = ${actor.userId} and read_at is null`.execute(
        trx,
      )
    ).rows[0]?.n ?? 0

  function requireUser(actor: Actor): void {
    // API keys and system actors have no inbox
    if (!actor.userId || actor.apiKeyId) throw errors.forbidden()
  }

  return {
    /** The user's notifications, newest first, with the total unread count. */
    async list(actor: Actor, opts: { unread?: boolean; limit?: number; cursor?: string } = {}) {
      requireUser(actor)
      const limit = opts.limit ?? PAGE
      const before = opts.cursor === undefined ? null : Number(opts.cursor)
      if (before !== null && (!Number.isSafeInteger(before) || before < 0))
        throw errors.badRequest([{ path: 'cursor', code: 'invalid_value' }])
      return withWorkspace(
        deps.db,
        actor.workspaceId,
        async (trx) => {
          const r = await sql<NotificationRow>`select ${COLUMNS} from notification
            where workspace_id = ${actor.workspaceId} and user_id = ${actor.userId}
              and ${opts.unread ? sql`read_at is null` : sql`true`}
              and ${before === null ? sql`true` : sql`seq < ${before}`}
            order by seq desc limit ${limit + 1}`.execute(trx)
          const page = r.rows.slice(0, limit)
          return {
            data: page.map(toNotification),
            unread: await unreadCount(trx, actor),
            nextCursor: r.rows.length > limit ? String(page[page.length - 1]!.seq) : null,
          }
        },
        { read: true },
      )
    },

    /** Marks the given notifications (or all) of the user read; returns the unread count after. */
    async markRead(actor: Actor, input: { ids?: string[]; all?: true }): Promise<{ unread: number }> {
      requireUser(actor)
      return withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        await sql`update notification set read_at = now()
          where workspace_id = ${actor.workspaceId} and user_id = ${actor.userId} and read_at is null
            and ${input.all ? sql`true` : sql`id = any(${input.ids ?? []}::uuid[])`}`.execute(trx)
        return { unread: await unreadCount(trx, actor) }
      })
    },

    unread: (actor: Actor) =>
      withWorkspace(deps.db, actor.workspaceId, (trx) => unreadCount(trx, actor), { read: true }),

    /**
     * Notifications written after `afterSeq` (across workspaces, for the SSE hub), oldest first. Runs as the
     * owner: the hub hands each one only to its own user's streams.
     */
    async since(
      afterSeq: number,
      limit = 500,
    ): Promise<(Notification & { seq: number; workspaceId: string; userId: string })[]> {
      return withPlatform(deps.db, async (trx) => {
        const r = await sql<NotificationRow>`select ${COLUMNS} from notification
          where seq > ${afterSeq} order by seq limit ${limit}`.execute(trx)
        return r.rows.map((row) => ({
          ...toNotification(row),
          seq: Number(row.seq),
          workspaceId: row.workspace_id,
          userId: row.user_id,
        }))
      })
    },

    async lastSeq(): Promise<number> {
      return withPlatform(deps.db, async (trx) => {
        const r = await sql<{ s: number | null }>`select max(seq) as s from notification`.execute(trx)
        return Number(r.rows[0]?.s ?? 0)
      })
    },
  }
}

export type NotificationService = ReturnType<typeof createNotificationService>
