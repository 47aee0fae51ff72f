import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'
import { type Db, type Tx, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { RecordsService } from '../records/service.ts'

/** Who follows which record (the record page's follow button); followers hear of changes and activities. */
export const m0009RecordFollow: Migration = {
  version: 9,
  name: 'record-follow',
  async up(db) {
    await sql
      .raw(`
create table record_follow (
  workspace_id uuid not null references workspace(id) on delete cascade,
  object_name text not null,
  record_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, object_name, record_id, user_id)
);
create index record_follow_user on record_follow (workspace_id, user_id, created_at desc);
${enableRls(['record_follow'])}
`)
      .execute(db)
  },
}

export interface Followers {
  following: boolean
  count: number
  userIds: string[]
}

/** Follow and unfollow records. Following needs reading the record; only signed-in users follow. */
export function createFollowService(deps: { db: Db; records: RecordsService }) {
  async function check(actor: Actor, object: string, id: string): Promise<string> {
    if (!actor.userId || actor.apiKeyId) throw errors.forbidden()
    await deps.records.get(actor, object, id)
    return actor.userId
  }

  async function followersIn(trx: Tx, actor: Actor, object: string, id: string): Promise<Followers> {
    const r = await sql<{ user_id: string }>`select user_id from record_follow
      where workspace_id = ${actor.workspaceId} and object_name = ${object} and record_id = ${id}
      order by created_at limit 1000`.execute(trx)
    const userIds = r.rows.map((x) => x.user_id)
    return { following: !!actor.userId && userIds.includes(actor.userId), count: userIds.length, userIds }
  }

  return {
    async follow(actor: Actor, object: string, id: string): Promise<Followers> {
      const userId = await check(actor, object, id)
      return withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        await sql`insert into record_follow (workspace_id, object_name, record_id, user_id)
          values (${actor.workspaceId}, ${object}, ${id.toLowerCase()}, ${userId})
          on conflict do nothing`.execute(trx)
        return followersIn(trx, actor, object, id.toLowerCase())
      })
    },
    async unfollow(actor: Actor, object: string, id: string): Promise<Followers> {
      const userId = await check(actor, object, id)
      return withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        await sql`delete from record_follow where workspace_id = ${actor.workspaceId}
          and object_name = ${object} and record_id = ${id.toLowerCase()} and user_id = ${userId}`.execute(
          trx,
        )
        return followersIn(trx, actor, object, id.toLowerCase())
      })
    },
    async followers(actor: Actor, object: string, id: string): Promise<Followers> {
      await deps.records.get(actor, object, id)
      return withWorkspace(
        deps.db,
        actor.workspaceId,
        (trx) => followersIn(trx, actor, object, id.toLowerCase()),
        {
          read: true,
        },
      )
    },
  }
}

export type FollowService = ReturnType<typeof createFollowService>

/** Followers of any of these records (for the notifications listener, in its transaction). */
export async function followersOf(
  trx: Tx,
  workspaceId: string,
  records: readonly { object: string; id: string }[],
): Promise<string[]> {
  if (records.length === 0) return []
  const r = await sql<{ user_id: string }>`select distinct user_id from record_follow
    where workspace_id = ${workspaceId} and (${sql.join(
      records.map((x) => sql`(object_name = ${x.object} and record_id = ${x.id})`),
      sql` or `,
    )})`.execute(trx)
  return r.rows.map((x) => x.user_id)
}
