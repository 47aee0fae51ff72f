import type { FormField, LocalizedText, SubmissionOutcome } from '@kemai/shared/api/forms.api'
import { sql } from 'kysely'
import type { Db, Tx } from '../db/tx.ts'

/** What a visitor reads besides the fields (the `texts` column). */
export interface FormTexts {
  title?: LocalizedText
  description?: LocalizedText
  submitLabel?: LocalizedText
  successMessage?: LocalizedText
}

export interface FormRow {
  workspace_id: string
  id: string
  name: string
  object_name: string
  enabled: boolean
  fields: FormField[]
  texts: FormTexts
  redirect_url: string | null
  owner_id: string | null
  public_key: string
  created_by: string | null
  created_at: Date
  updated_at: Date
}

export interface FormStats {
  submission_count: number
  spam_count: number
  last_at: Date | null
}

export interface SubmissionRow {
  workspace_id: string
  id: string
  form_id: string
  outcome: SubmissionOutcome
  record_id: string | null
  at: Date
  referrer: string | null
  user_agent: string | null
  ip_hash: string | null
  locale: string | null
}

const json = (v: unknown) => JSON.stringify(v)

const WITH_STATS = sql`select f.*, coalesce(s.created, 0) as submission_count, coalesce(s.spam, 0) as spam_count,
    s.last_at
  from form f left join lateral (
    select count(*) filter (where outcome = 'created') as created, count(*) filter (where outcome = 'spam') as spam,
      max(at) as last_at
    from form_submission x where x.workspace_id = f.workspace_id and x.form_id = f.id) s on true`

/** Forms and their submission log (migration 23). Every query names the workspace but `byKey`. */
export const formsRepo = {
  async list(trx: Tx, ws: string, objectName?: string): Promise<(FormRow & FormStats)[]> {
    const r = await sql<FormRow & FormStats>`${WITH_STATS}
      where f.workspace_id = ${ws} ${objectName ? sql`and f.object_name = ${objectName}` : sql``}
      order by f.created_at, f.id`.execute(trx)
    return r.rows
  },

  async get(trx: Tx, ws: string, id: string): Promise<(FormRow & FormStats) | undefined> {
    const r = await sql<FormRow & FormStats>`${WITH_STATS}
      where f.workspace_id = ${ws} and f.id = ${id}`.execute(trx)
    return r.rows[0]
  },

  async lock(trx: Tx, ws: string, id: string): Promise<FormRow | undefined> {
    const r = await sql<FormRow>`select * from form where workspace_id = ${ws} and id = ${id}
      for update`.execute(trx)
    return r.rows[0]
  },

  async insert(trx: Tx, row: Omit<FormRow, 'created_at' | 'updated_at'>): Promise<void> {
    await sql`insert into form (workspace_id, id, name, object_name, enabled, fields, texts, redirect_url,
        owner_id, public_key, created_by)
      values (${row.workspace_id}, ${row.id}, ${row.name}, ${row.object_name}, ${row.enabled},
        ${json(row.fields)}::jsonb, ${json(row.texts)}::jsonb, ${row.redirect_url}, ${row.owner_id},
        ${row.public_key}, ${row.created_by})`.execute(trx)
  },

  async update(
    trx: Tx,
    ws: string,
    id: string,
    row: Pick<FormRow, 'name' | 'enabled' | 'fields' | 'texts' | 'redirect_url' | 'owner_id'>,
  ): Promise<void> {
    await sql`update form set name = ${row.name}, enabled = ${row.enabled}, fields = ${json(row.fields)}::jsonb,
        texts = ${json(row.texts)}::jsonb, redirect_url = ${row.redirect_url}, owner_id = ${row.owner_id},
        updated_at = now()
      where workspace_id = ${ws} and id = ${id}`.execute(trx)
  },

  async setKey(trx: Tx, ws: string, id: string, key: string): Promise<void> {
    await sql`update form set public_key = ${key}, updated_at = now()
      where workspace_id = ${ws} and id = ${id}`.execute(trx)
  },

  async remove(trx: Tx, ws: string, id: string): Promise<boolean> {
    const r = await sql`delete from form where workspace_id = ${ws} and id = ${id}`.execute(trx)
    return Number(r.numAffectedRows ?? 0) > 0
  },

  /**
   * The form behind a public key, across workspaces (the caller is anonymous, so no workspace is set yet:
   * this runs on the owner connection, like the webhook trigger's lookup).
   */
  async byKey(
    db: Db,
    key: string,
  ): Promise<{ workspace_id: string; id: string; enabled: boolean } | undefined> {
    const r = await sql<{
      workspace_id: string
      id: string
      enabled: boolean
    }>`select workspace_id, id, enabled
      from form where public_key = ${key}`.execute(db)
    return r.rows[0]
  },

  async insertSubmission(trx: Tx, row: Omit<SubmissionRow, 'at'>): Promise<void> {
    await sql`insert into form_submission (workspace_id, id, form_id, outcome, record_id, referrer, user_agent,
        ip_hash, locale)
      values (${row.workspace_id}, ${row.id}, ${row.form_id}, ${row.outcome}, ${row.record_id}, ${row.referrer},
        ${row.user_agent}, ${row.ip_hash}, ${row.locale})`.execute(trx)
  },

  /** Newest first (ids are time-ordered); `before` is the last id of the previous page. */
  async submissions(
    trx: Tx,
    ws: string,
    formId: string,
    limit: number,
    before: string | null,
  ): Promise<SubmissionRow[]> {
    const r = await sql<SubmissionRow>`select * from form_submission
      where workspace_id = ${ws} and form_id = ${formId} ${before ? sql`and id < ${before}` : sql``}
      order by id desc limit ${limit}`.execute(trx)
    return r.rows
  },

  /** Names of enabled workflows whose published trigger is this form. */
  async enabledWorkflowsOf(trx: Tx, ws: string, formId: string): Promise<string[]> {
    const r = await sql<{ name: string }>`select w.name from workflow w join workflow_version v
        on v.workspace_id = w.workspace_id and v.workflow_id = w.id and v.version = w.published_version
      where w.workspace_id = ${ws} and w.enabled and w.trigger_type = 'form_submitted'
        and v.definition->'trigger'->>'formId' = ${formId}
      order by w.created_at`.execute(trx)
    return r.rows.map((x) => x.name)
  },

  async activeUser(trx: Tx, ws: string, userId: string): Promise<boolean> {
    const r =
      await sql`select 1 from app_user where workspace_id = ${ws} and id = ${userId} and is_active`.execute(
        trx,
      )
    return r.rows.length > 0
  },

  /** The form's object, when the form is of this workspace (the workflow trigger's check). */
  async objectOf(trx: Tx, ws: string, formId: string): Promise<string | undefined> {
    const r = await sql<{ object_name: string }>`select object_name from form
      where workspace_id = ${ws} and id = ${formId}`.execute(trx)
    return r.rows[0]?.object_name
  },
}
