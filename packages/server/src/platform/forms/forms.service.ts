import { randomBytes } from 'node:crypto'
import type {
  CreateFormBody,
  FormDto,
  FormField,
  FormSubmissionDto,
  UpdateFormBody,
} from '@kemai/shared/api/forms.api'
import { pruned } from '@kemai/shared/forms/definition'
import { translate } from '@kemai/shared/i18n/messages'
import type { Actor } from '../access/actor.ts'
import { canObject } from '../access/permissions.ts'
import { configAudit } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, isUuid, type Tx } from '../db/tx.ts'
import { AppError, errors, type FieldIssue } from '../errors.ts'
import { type MetadataService, type WorkspaceSchema, withWorkspaceSchema } from '../metadata/service.ts'
import type { RecordsService } from '../records/service.ts'
import { assertForms } from './access.ts'
import { checkFormFields, formObject, normaliseFields } from './definition.ts'
import { type FormRow, type FormStats, type FormTexts, formsRepo as repo } from './forms.repo.ts'

export interface FormsDeps {
  db: Db
  metadata: MetadataService
  records: RecordsService
}

export type FormsService = ReturnType<typeof createFormsService>

/** An unguessable public key: 18 random bytes, 24 URL-safe characters. */
export const newPublicKey = () => randomBytes(18).toString('base64url')

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString())

const TEXT_KEYS = ['title', 'description', 'submitLabel', 'successMessage'] as const

function textsOf(input: UpdateFormBody, old: FormTexts = {}): FormTexts {
  const out: FormTexts = {}
  for (const k of TEXT_KEYS) {
    const t = input[k] === undefined ? old[k] : pruned(input[k])
    if (t) out[k] = t
  }
  return out
}

/** Form changes are workspace configuration: each goes to the audit log in its transaction. */
const logChange = configAudit('form')

/**
 * Web forms' administration (docs/forms.md): create, change, enable and delete forms of an object, a new
 * public key, and the log of what came in. Every save is checked against the object's metadata.
 */
export function createFormsService(deps: FormsDeps) {
  const tx = <T>(actor: Actor, fn: (trx: Tx, schema: WorkspaceSchema) => Promise<T>, read = false) =>
    withWorkspaceSchema(deps.db, deps.metadata, actor, fn, read)

  /** What no longer fits the metadata, in the caller's language. */
  function problemsOf(actor: Actor, schema: WorkspaceSchema, row: FormRow) {
    const object = formObject(schema, row.object_name)
    const issues: FieldIssue[] = object
      ? checkFormFields(object, row.fields)
      : [{ path: 'objectName', code: 'forms.unknown_object', params: { object: row.object_name } }]
    return issues.map((i) => ({
      path: i.path,
      code: i.code,
      message: translate(actor.locale, `field.${i.code}`, i.params),
    }))
  }

  function toDto(actor: Actor, schema: WorkspaceSchema, row: FormRow & FormStats): FormDto {
    const t = row.texts ?? {}
    return {
      id: row.id,
      name: row.name,
      objectName: row.object_name,
      enabled: row.enabled,
      fields: row.fields,
      title: t.title ?? {},
      description: t.description ?? {},
      submitLabel: t.submitLabel ?? {},
      successMessage: t.successMessage ?? {},
      redirectUrl: row.redirect_url,
      ownerId: row.owner_id,
      publicKey: row.public_key,
      submissionCount: Number(row.submission_count),
      spamCount: Number(row.spam_count),
      lastSubmittedAt: row.last_at ? iso(row.last_at) : null,
      problems: problemsOf(actor, schema, row),
      createdBy: row.created_by,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    }
  }

  async function reload(trx: Tx, actor: Actor, schema: WorkspaceSchema, id: string): Promise<FormDto> {
    return toDto(actor, schema, (await repo.get(trx, actor.workspaceId, id))!)
  }

  /** 400 with every field that does not fit the object, and an owner that is not an active user. */
  async function check(
    trx: Tx,
    actor: Actor,
    schema: WorkspaceSchema,
    objectName: string,
    fields: readonly FormField[],
    ownerId: string | null,
  ): Promise<FormField[]> {
    const object = formObject(schema, objectName)
    if (!object)
      throw errors.validation([
        { path: 'objectName', code: 'forms.unknown_object', params: { object: objectName } },
      ])
    const issues = checkFormFields(object, fields)
    if (ownerId && !(await repo.activeUser(trx, actor.workspaceId, ownerId)))
      issues.push({ path: 'ownerId', code: 'forms.unknown_owner' })
    if (issues.length > 0) throw errors.validation(issues)
    return normaliseFields(object, fields)
  }

  async function load(trx: Tx, actor: Actor, id: string): Promise<FormRow> {
    if (!isUuid(id)) throw errors.notFound()
    const row = await repo.lock(trx, actor.workspaceId, id)
    if (!row) throw errors.notFound()
    return row
  }

  return {
    async list(actor: Actor, objectName?: string): Promise<FormDto[]> {
      assertForms(actor, 'read')
      return tx(
        actor,
        async (trx, schema) =>
          (await repo.list(trx, actor.workspaceId, objectName)).map((r) => toDto(actor, schema, r)),
        true,
      )
    },

    async get(actor: Actor, id: string): Promise<FormDto> {
      assertForms(actor, 'read')
      if (!isUuid(id)) throw errors.notFound()
      return tx(
        actor,
        async (trx, schema) => {
          const row = await repo.get(trx, actor.workspaceId, id)
          if (!row) throw errors.notFound()
          return toDto(actor, schema, row)
        },
        true,
      )
    },

    async create(actor: Actor, input: CreateFormBody): Promise<FormDto> {
      assertForms(actor, 'write')
      return tx(actor, async (trx, schema) => {
        const fields = await check(trx, actor, schema, input.objectName, input.fields, input.ownerId ?? null)
        const id = newId()
        await repo.insert(trx, {
          workspace_id: actor.workspaceId,
          id,
          name: input.name,
          object_name: input.objectName,
          enabled: input.enabled ?? false,
          fields,
          texts: textsOf(input),
          redirect_url: input.redirectUrl ?? null,
          owner_id: input.ownerId ?? null,
          public_key: newPublicKey(),
          created_by: actor.userId,
        })
        await logChange(trx, actor, 'created', id, { name: input.name, object: input.objectName })
        return reload(trx, actor, schema, id)
      })
    },

    /**
     * Changes what is given. The fields (and the owner) are checked again when they change or the form is
     * enabled, so a form that no longer fits its object can still be disabled or renamed.
     */
    async update(actor: Actor, id: string, patch: UpdateFormBody): Promise<FormDto> {
      assertForms(actor, 'write')
      return tx(actor, async (trx, schema) => {
        const row = await load(trx, actor, id)
        const enabled = patch.enabled ?? row.enabled
        const ownerId = patch.ownerId === undefined ? row.owner_id : patch.ownerId
        let fields = row.fields
        if (patch.fields !== undefined || patch.ownerId || (enabled && !row.enabled))
          fields = await check(trx, actor, schema, row.object_name, patch.fields ?? row.fields, ownerId)
        await repo.update(trx, actor.workspaceId, id, {
          name: patch.name ?? row.name,
          enabled,
          fields,
          texts: textsOf(patch, row.texts),
          redirect_url: patch.redirectUrl === undefined ? row.redirect_url : patch.redirectUrl,
          owner_id: ownerId,
        })
        await logChange(trx, actor, 'updated', id, { fields: Object.keys(patch) })
        return reload(trx, actor, schema, id)
      })
    },

    /** A new public key: the old link and embeds stop working at once. */
    async regenerateKey(actor: Actor, id: string): Promise<FormDto> {
      assertForms(actor, 'write')
      return tx(actor, async (trx, schema) => {
        await load(trx, actor, id)
        await repo.setKey(trx, actor.workspaceId, id, newPublicKey())
        await logChange(trx, actor, 'key_regenerated', id)
        return reload(trx, actor, schema, id)
      })
    },

    /** Deletes the form and its log (records it created stay); 409 while an enabled workflow starts from it. */
    async remove(actor: Actor, id: string): Promise<void> {
      assertForms(actor, 'write')
      await tx(actor, async (trx) => {
        const row = await load(trx, actor, id)
        const using = await repo.enabledWorkflowsOf(trx, actor.workspaceId, id)
        if (using.length > 0)
          throw errors.conflict(
            using.map((workflow) => ({ path: 'id', code: 'forms.in_use', params: { workflow } })),
          )
        await repo.remove(trx, actor.workspaceId, id)
        await logChange(trx, actor, 'deleted', id, { name: row.name })
      })
    },

    /** The log, newest first, with the titles of the created records the caller may read. */
    async submissions(
      actor: Actor,
      id: string,
      q: { limit: number; cursor?: string | undefined },
    ): Promise<{ data: FormSubmissionDto[]; nextCursor: string | null }> {
      assertForms(actor, 'read')
      if (!isUuid(id)) throw errors.notFound()
      if (q.cursor !== undefined && !isUuid(q.cursor))
        throw errors.validation([{ path: 'query.cursor', code: 'invalid_format' }])
      const { form, rows } = await tx(
        actor,
        async (trx) => {
          const form = await repo.get(trx, actor.workspaceId, id)
          if (!form) throw errors.notFound()
          return {
            form,
            rows: await repo.submissions(trx, actor.workspaceId, id, q.limit + 1, q.cursor ?? null),
          }
        },
        true,
      )
      const page = rows.slice(0, q.limit)
      const titles = await recordTitles(
        actor,
        form.object_name,
        page.flatMap((r) => (r.record_id ? [r.record_id] : [])),
      )
      return {
        data: page.map((r) => ({
          id: r.id,
          formId: r.form_id,
          outcome: r.outcome,
          recordId: r.record_id,
          recordTitle: (r.record_id && titles.get(r.record_id)) ?? null,
          at: iso(r.at),
          referrer: r.referrer,
          userAgent: r.user_agent,
          locale: r.locale,
        })),
        nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
      }
    },
  }

  /** Titles of the records the caller may read (others, deleted ones included, have none). */
  async function recordTitles(actor: Actor, objectName: string, ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    if (ids.length === 0 || !canObject(actor, objectName, 'read')) return out
    const schema = await deps.metadata.getSchema(actor)
    const object = formObject(schema, objectName)
    if (!object) return out
    try {
      const list = await deps.records.list(actor, objectName, {
        filter: { field: 'id', op: 'in', value: ids },
        limit: ids.length,
      })
      for (const r of list.data) {
        const title = (r as Record<string, unknown>)[object.titleField]
        out.set(String(r.id), typeof title === 'string' && title ? title : String(r.id))
      }
    } catch (e) {
      // a field rule hides the title field, or the object changed under us: the log shows ids only
      if (!(e instanceof AppError) || e.status >= 500) throw e
    }
    return out
  }
}
