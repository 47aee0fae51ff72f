import { createHash } from 'node:crypto'
import type { PublicForm } from '@kemai/shared/api/forms.api'
import { checkSubmission, isSpam } from '@kemai/shared/forms/submission'
import type { Locale } from '@kemai/shared/i18n/messages'
import { systemActor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import { appendEvent } from '../events/outbox.ts'
import type { MetadataService } from '../metadata/service.ts'
import type { RecordsService } from '../records/service.ts'
import { formObject, hiddenValues, publicDefinitionOf } from './definition.ts'
import { formsRepo as repo } from './forms.repo.ts'

export interface PublicFormsDeps {
  db: Db
  metadata: MetadataService
  records: RecordsService
  /** wakes the outbox dispatcher after a commit */
  notify: () => void
}

/** Where a submission came from, as far as the request tells. */
export interface SubmissionSource {
  locale: Locale
  referrer: string | null
  userAgent: string | null
  ip: string
}

export interface SubmitOutcome {
  outcome: 'created' | 'spam'
  recordId: string | null
  message: string
  redirectUrl: string | null
}

export type PublicFormsService = ReturnType<typeof createPublicFormsService>

const KEY = /^[A-Za-z0-9_-]{16,64}$/

/** The page a submission came from: origin and path, never the query string (it may hold tokens). */
export function cleanReferrer(raw: string | null | undefined): string | null {
  if (!raw) return null
  try {
    const u = new URL(raw)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
    return `${u.origin}${u.pathname}`.slice(0, 300)
  } catch {
    return null
  }
}

/**
 * The address as a short one-way hash, per workspace: it tells that submissions came from one place,
 * not where (the address itself is never stored).
 */
export const ipHash = (workspaceId: string, ip: string) =>
  createHash('sha256').update(`kemai-form:${workspaceId}:${ip}`).digest('hex').slice(0, 16)

/**
 * The public side of forms: the definition by public key, and submissions. A good submission creates the
 * record through the records service (ARCHITECTURE rule 1) as the form (a system actor on channel `form`),
 * logs it and appends `form.submitted`, all in one transaction. Duplicates are written anyway and left to
 * the duplicate review (docs/forms.md).
 */
export function createPublicFormsService(deps: PublicFormsDeps) {
  /** The enabled form of a key, or 404 (unknown, malformed and disabled alike). */
  async function find(key: string) {
    if (!KEY.test(key)) throw errors.notFound()
    const found = await repo.byKey(deps.db, key)
    if (!found?.enabled) throw errors.notFound()
    return found
  }

  return {
    async definition(key: string): Promise<PublicForm> {
      const found = await find(key)
      return withWorkspace(
        deps.db,
        found.workspace_id,
        async (trx, ws) => {
          const schema = await deps.metadata.schemaIn(trx, ws)
          const row = await repo.get(trx, found.workspace_id, found.id)
          const object = row && formObject(schema, row.object_name)
          if (!row?.enabled || !object) throw errors.notFound()
          return publicDefinitionOf(row, object, schema.currency)
        },
        { read: true },
      )
    },

    async submit(
      key: string,
      input: Record<string, unknown>,
      source: SubmissionSource,
    ): Promise<SubmitOutcome> {
      const found = await find(key)
      const ws = found.workspace_id
      const out = await withWorkspace(deps.db, ws, async (trx, info) => {
        const schema = await deps.metadata.schemaIn(trx, info)
        const row = await repo.get(trx, ws, found.id)
        const object = row && formObject(schema, row.object_name)
        if (!row?.enabled || !object) throw errors.notFound()
        const def = publicDefinitionOf(row, object, schema.currency)
        const log = {
          workspace_id: ws,
          id: newId(),
          form_id: row.id,
          referrer: cleanReferrer(source.referrer),
          user_agent: source.userAgent ? source.userAgent.slice(0, 200) : null,
          ip_hash: ipHash(ws, source.ip),
          locale: source.locale,
        }
        const answer = { message: def.successMessage[source.locale], redirectUrl: def.redirectUrl }
        if (isSpam(input)) {
          // answered like a good one, so the bot learns nothing; logged, nothing created
          await repo.insertSubmission(trx, { ...log, outcome: 'spam', record_id: null })
          return { ...answer, outcome: 'spam' as const, recordId: null }
        }
        const checked = checkSubmission(def.fields, input)
        if (!checked.ok) throw errors.validation(checked.issues)
        const values: Record<string, unknown> = { ...checked.values, ...hiddenValues(row, object) }
        if (row.owner_id && (await repo.activeUser(trx, ws, row.owner_id))) values.owner_id = row.owner_id
        const actor = { ...systemActor(ws, `form:${row.id}`, 'form'), locale: source.locale }
        const record = await (await deps.records.within(trx, info, actor)).create(object.name, values, {
          allowDuplicate: true,
        })
        await repo.insertSubmission(trx, { ...log, outcome: 'created', record_id: record.id })
        await appendEvent(trx, {
          workspaceId: ws,
          type: 'form.submitted',
          objectName: object.name,
          recordId: record.id,
          actorId: null,
          channel: 'form',
          payload: {
            formId: row.id,
            formName: row.name,
            submissionId: log.id,
            objectName: object.name,
            recordId: record.id,
            record,
          },
        })
        return { ...answer, outcome: 'created' as const, recordId: record.id }
      })
      if (out.outcome === 'created') deps.notify()
      return out
    },
  }
}
