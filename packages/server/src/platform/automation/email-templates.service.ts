import type { EmailTemplateDto } from '@kemai/shared/api/automation.api'
import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { audit, auditActor } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import { assertAutomation } from './access.ts'

interface TemplateRow {
  id: string
  name: string
  subject: string
  body: string
  created_at: Date
  updated_at: Date
}

const dto = (r: TemplateRow): EmailTemplateDto => ({
  id: r.id,
  name: r.name,
  subject: r.subject,
  body: r.body,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
})

export async function loadTemplate(trx: Tx, ws: string, id: string): Promise<TemplateRow | undefined> {
  const r = await sql<TemplateRow>`select id, name, subject, body, created_at, updated_at from email_template
    where workspace_id = ${ws} and id = ${id}`.execute(trx)
  return r.rows[0]
}

/** E-mail templates of workflows (`/api/v1/email-templates`): automation readers list, writers change. Audited. */
export function createEmailTemplatesService(deps: { db: Db }) {
  const tx = <T>(actor: Actor, fn: (trx: Tx) => Promise<T>, read = false) =>
    withWorkspace(deps.db, actor.workspaceId, (trx) => fn(trx), { read })
  const log = (trx: Tx, actor: Actor, what: string, id: string) =>
    audit(trx, {
      ...auditActor(actor),
      action: `metadata.email_template_${what}`,
      targetType: 'email_template',
      targetId: id,
    })

  return {
    async list(actor: Actor): Promise<EmailTemplateDto[]> {
      assertAutomation(actor, 'read')
      return tx(
        actor,
        async (trx) =>
          (
            await sql<TemplateRow>`select id, name, subject, body, created_at, updated_at from email_template
              where workspace_id = ${actor.workspaceId} order by name, id`.execute(trx)
          ).rows.map(dto),
        true,
      )
    },
    async get(actor: Actor, id: string): Promise<EmailTemplateDto> {
      assertAutomation(actor, 'read')
      if (!isUuid(id)) throw errors.notFound()
      const r = await tx(actor, (trx) => loadTemplate(trx, actor.workspaceId, id), true)
      if (!r) throw errors.notFound()
      return dto(r)
    },
    async create(
      actor: Actor,
      input: { name: string; subject: string; body: string },
    ): Promise<EmailTemplateDto> {
      assertAutomation(actor, 'write')
      return tx(actor, async (trx) => {
        const id = newId()
        await sql`insert into email_template (workspace_id, id, name, subject, body, created_by)
          values (${actor.workspaceId}, ${id}, ${input.name}, ${input.subject}, ${input.body}, ${actor.userId})`.execute(
          trx,
        )
        await log(trx, actor, 'created', id)
        return dto((await loadTemplate(trx, actor.workspaceId, id))!)
      })
    },
    async update(
      actor: Actor,
      id: string,
      input: { name: string; subject: string; body: string },
    ): Promise<EmailTemplateDto> {
      assertAutomation(actor, 'write')
      if (!isUuid(id)) throw errors.notFound()
      return tx(actor, async (trx) => {
        const r = await sql`update email_template set name = ${input.name}, subject = ${input.subject},
            body = ${input.body}, updated_at = now()
          where workspace_id = ${actor.workspaceId} and id = ${id}`.execute(trx)
        if (Number(r.numAffectedRows ?? 0) === 0) throw errors.notFound()
        await log(trx, actor, 'updated', id)
        return dto((await loadTemplate(trx, actor.workspaceId, id))!)
      })
    },
    async remove(actor: Actor, id: string): Promise<void> {
      assertAutomation(actor, 'write')
      if (!isUuid(id)) throw errors.notFound()
      await tx(actor, async (trx) => {
        const r =
          await sql`delete from email_template where workspace_id = ${actor.workspaceId} and id = ${id}`.execute(
            trx,
          )
        if (Number(r.numAffectedRows ?? 0) === 0) throw errors.notFound()
        await log(trx, actor, 'deleted', id)
      })
    },
  }
}

export type EmailTemplatesService = ReturnType<typeof createEmailTemplatesService>
