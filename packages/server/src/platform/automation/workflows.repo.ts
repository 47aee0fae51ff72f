import { sql } from 'kysely'
import type { Tx } from '../db/tx.ts'

export interface WorkflowRow {
  workspace_id: string
  id: string
  name: string
  description: string | null
  template_key: string | null
  enabled: boolean
  draft: unknown
  draft_changed: boolean
  published_version: number | null
  trigger_type: string | null
  trigger_object: string | null
  max_runs_per_minute: number
  webhook_secret: string | null
  created_by: string | null
  created_at: Date
  updated_at: Date
}

export interface VersionRow {
  version: number
  definition: unknown
  published_by: string | null
  published_at: Date
}

const json = (v: unknown) => JSON.stringify(v)

/** Workflows and their immutable published versions (migration 15). Every query names the workspace. */
export const workflowsRepo = {
  async list(trx: Tx, ws: string): Promise<WorkflowRow[]> {
    const r = await sql<WorkflowRow>`select * from workflow where workspace_id = ${ws}
      order by created_at, id`.execute(trx)
    return r.rows
  },

  async get(trx: Tx, ws: string, id: string, forUpdate = false): Promise<WorkflowRow | undefined> {
    const r = await sql<WorkflowRow>`select * from workflow where workspace_id = ${ws} and id = ${id}
      ${forUpdate ? sql`for update` : sql``}`.execute(trx)
    return r.rows[0]
  },

  async ids(trx: Tx, ws: string): Promise<Set<string>> {
    const r = await sql<{ id: string }>`select id from workflow where workspace_id = ${ws}`.execute(trx)
    return new Set(r.rows.map((x) => x.id))
  },

  async insert(
    trx: Tx,
    row: Pick<
      WorkflowRow,
      'workspace_id' | 'id' | 'name' | 'description' | 'template_key' | 'draft' | 'created_by'
    >,
  ): Promise<void> {
    await sql`insert into workflow (workspace_id, id, name, description, template_key, draft, created_by)
      values (${row.workspace_id}, ${row.id}, ${row.name}, ${row.description}, ${row.template_key},
        ${json(row.draft)}::jsonb, ${row.created_by})`.execute(trx)
  },

  async updateDraft(
    trx: Tx,
    ws: string,
    id: string,
    patch: { name?: string; description?: string | null; draft?: unknown; maxRunsPerMinute?: number },
  ): Promise<void> {
    await sql`update workflow set
        name = coalesce(${patch.name ?? null}, name),
        max_runs_per_minute = coalesce(${patch.maxRunsPerMinute ?? null}::int, max_runs_per_minute),
        description = ${patch.description === undefined ? sql`description` : sql`${patch.description}`},
        draft = ${patch.draft === undefined ? sql`draft` : sql`${json(patch.draft)}::jsonb`},
        draft_changed = ${patch.draft === undefined ? sql`draft_changed` : sql`true`},
        updated_at = now()
      where workspace_id = ${ws} and id = ${id}`.execute(trx)
  },

  async publish(
    trx: Tx,
    ws: string,
    id: string,
    v: {
      version: number
      definition: unknown
      by: string | null
      triggerType: string
      triggerObject: string | null
    },
  ): Promise<void> {
    await sql`insert into workflow_version (workspace_id, workflow_id, version, definition, published_by)
      values (${ws}, ${id}, ${v.version}, ${json(v.definition)}::jsonb, ${v.by})`.execute(trx)
    await sql`update workflow set published_version = ${v.version}, trigger_type = ${v.triggerType},
        trigger_object = ${v.triggerObject}, draft = ${json(v.definition)}::jsonb, draft_changed = false,
        updated_at = now()
      where workspace_id = ${ws} and id = ${id}`.execute(trx)
  },

  async setWebhookSecret(trx: Tx, ws: string, id: string, secret: string): Promise<void> {
    await sql`update workflow set webhook_secret = ${secret}, updated_at = now()
      where workspace_id = ${ws} and id = ${id}`.execute(trx)
  },

  async setEnabled(trx: Tx, ws: string, id: string, enabled: boolean): Promise<void> {
    // schedules start counting from when the workflow is switched on (nothing is caught up from before)
    await sql`update workflow set enabled = ${enabled}, updated_at = now(),
        schedule_checked_at = case when ${enabled} and not enabled then now() else schedule_checked_at end
      where workspace_id = ${ws} and id = ${id}`.execute(trx)
  },

  async remove(trx: Tx, ws: string, id: string): Promise<boolean> {
    const r = await sql`delete from workflow where workspace_id = ${ws} and id = ${id}`.execute(trx)
    return Number(r.numAffectedRows ?? 0) > 0
  },

  /**
   * Enabled workflows whose published trigger is manual on `object`, with `bulk` read from that published
   * version (not the draft). One statement, on the `workflow_trigger` partial index.
   */
  async manualOn(
    trx: Tx,
    ws: string,
    object: string,
  ): Promise<{ id: string; name: string; bulk: boolean }[]> {
    const r = await sql<{ id: string; name: string; bulk: boolean }>`select w.id, w.name,
        coalesce(v.definition->'trigger'->'bulk' = 'true'::jsonb, false) as bulk
      from workflow w
      join workflow_version v on v.workspace_id = w.workspace_id and v.workflow_id = w.id
        and v.version = w.published_version
      where w.workspace_id = ${ws} and w.enabled and w.trigger_object = ${object}
        and w.trigger_type = 'manual'
      order by w.name, w.id`.execute(trx)
    return r.rows
  },

  async versions(trx: Tx, ws: string, id: string): Promise<Omit<VersionRow, 'definition'>[]> {
    const r = await sql<VersionRow>`select version, published_by, published_at from workflow_version
      where workspace_id = ${ws} and workflow_id = ${id} order by version desc`.execute(trx)
    return r.rows
  },

  async version(trx: Tx, ws: string, id: string, version: number): Promise<VersionRow | undefined> {
    const r =
      await sql<VersionRow>`select version, definition, published_by, published_at from workflow_version
      where workspace_id = ${ws} and workflow_id = ${id} and version = ${version}`.execute(trx)
    return r.rows[0]
  },
}
