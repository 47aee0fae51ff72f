import { randomBytes } from 'node:crypto'
import type { WorkflowDto } from '@kemai/shared/api/automation.api'
import {
  triggerObject,
  type WorkflowDefinition,
  workflowDefinitionSchema,
} from '@kemai/shared/automation/definition'
import { findTemplate, missingRequirements, WORKFLOW_TEMPLATES } from '@kemai/shared/automation/templates'
import { planRelationPaths, planRun, type RunPlan } from '@kemai/shared/automation/test-run'
import { checkWorkflow, type WorkflowMetadata, type WorkflowProblem } from '@kemai/shared/automation/validate'
import { translate } from '@kemai/shared/i18n/messages'
import type { Actor } from '../access/actor.ts'
import { configAudit } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, isUuid, type Tx } from '../db/tx.ts'
import { AppError, errors, type FieldIssue } from '../errors.ts'
import { formsRepo } from '../forms/forms.repo.ts'
import { type MetadataService, type WorkspaceSchema, withWorkspaceSchema } from '../metadata/service.ts'
import type { RecordsService } from '../records/service.ts'
import { assertAutomation, canAutomation } from './access.ts'
import { loadTemplate } from './email-templates.service.ts'
import { workflowsRepo as repo, type WorkflowRow } from './workflows.repo.ts'

export interface WorkflowsDeps {
  db: Db
  metadata: MetadataService
  records: RecordsService
}

export type ProblemDto = WorkflowProblem & { message: string }
export type WorkflowsService = ReturnType<typeof createWorkflowsService>

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString())

function metadataOf(schema: WorkspaceSchema, workflowIds?: Set<string>): WorkflowMetadata {
  const resolveObject = (name: string) => {
    const o = schema.objects.get(name)
    return o?.isActive ? o : undefined
  }
  return workflowIds ? { resolveObject, workflowIds } : { resolveObject }
}

/** A problem's message params, with a shape error's reason put in words first. */
function messageParams(actor: Actor, p: WorkflowProblem): Record<string, unknown> {
  const params: Record<string, unknown> = { step: p.stepId ?? '', ...(p.params ?? {}) }
  if (p.code === 'workflow.invalid_definition' && typeof params.reason === 'string')
    params.reason = translate(actor.locale, `field.${params.reason}`, params)
  return params
}

function withMessages(actor: Actor, problems: WorkflowProblem[]): ProblemDto[] {
  return problems.map((p) => ({
    ...p,
    message: translate(actor.locale, `field.${p.code}`, messageParams(actor, p)),
  }))
}

/** 400 with every problem: the path in the request body, the step and the reason. */
function problemsError(actor: Actor, problems: WorkflowProblem[], prefix: string): AppError {
  const issues: FieldIssue[] = problems.map((p) => ({
    path: p.path ? `${prefix}.${p.path}` : prefix,
    code: p.code,
    params: messageParams(actor, p),
  }))
  return new AppError('validation_failed', 400, {}, issues, { problems: withMessages(actor, problems) })
}

const newWebhookSecret = () => randomBytes(24).toString('base64url')

/** Triggers and steps the executor runs today (docs/automation.md, "Executor"). */
const RUNNABLE_TRIGGERS = new Set([
  'record_created',
  'record_updated',
  'record_deleted',
  'record_restored',
  'records_merged',
  'manual',
  'schedule',
  'date_relative',
  'segment_changed',
  'webhook',
  'form_submitted',
])
const UNAVAILABLE_STEPS = new Set<string>()

/** What a definition uses that cannot run yet: publishing it would only produce failing runs. */
function notRunnable(def: WorkflowDefinition): WorkflowProblem[] {
  const out: WorkflowProblem[] = []
  if (!RUNNABLE_TRIGGERS.has(def.trigger.type))
    out.push({
      stepId: null,
      path: 'trigger.type',
      code: 'workflow.trigger_unavailable' as WorkflowProblem['code'],
      params: { type: def.trigger.type },
    })
  for (const [i, s] of def.steps.entries())
    if (UNAVAILABLE_STEPS.has(s.type))
      out.push({
        stepId: s.id,
        path: `steps.${i}.type`,
        code: 'workflow.step_unavailable' as WorkflowProblem['code'],
        params: { type: s.type },
      })
  return out
}

/** Workflow changes are workspace configuration: each one goes to the audit log in its transaction. */
const logChange = configAudit('workflow')

/**
 * Workflows as data (docs/automation.md): drafts, immutable published versions, enable/disable, test runs
 * and templates. Nothing here runs a workflow; the executor comes next and reads published versions.
 */
export function createWorkflowsService(deps: WorkflowsDeps) {
  const tx = <T>(actor: Actor, fn: (trx: Tx, schema: WorkspaceSchema) => Promise<T>, read = false) =>
    withWorkspaceSchema(deps.db, deps.metadata, actor, fn, read)

  async function load(trx: Tx, actor: Actor, id: string, forUpdate = false): Promise<WorkflowRow> {
    if (!isUuid(id)) throw errors.notFound()
    const row = await repo.get(trx, actor.workspaceId, id, forUpdate)
    if (!row) throw errors.notFound()
    return row
  }

  /** The draft's shape (400 with its problems when malformed), defaults applied. */
  function parseDraft(actor: Actor, input: unknown): WorkflowDefinition {
    const r = workflowDefinitionSchema.safeParse(input)
    if (r.success) return r.data
    const check = checkWorkflow(input, { resolveObject: () => undefined })
    throw problemsError(actor, check.problems, 'definition')
  }

  async function toDto(
    trx: Tx,
    schema: WorkspaceSchema,
    actor: Actor,
    row: WorkflowRow,
    workflowIds?: Set<string>,
  ): Promise<WorkflowDto> {
    const meta = metadataOf(schema, workflowIds ?? (await repo.ids(trx, actor.workspaceId)))
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      enabled: row.enabled,
      templateKey: row.template_key,
      draft: row.draft as Record<string, unknown>,
      hasChanges: row.draft_changed,
      publishedVersion: row.published_version,
      triggerType: row.trigger_type,
      triggerObject: row.trigger_object,
      maxRunsPerMinute: row.max_runs_per_minute,
      // the secret starts runs: only for those who may change workflows
      webhookUrl:
        row.webhook_secret && row.trigger_type === 'webhook' && canAutomation(actor, 'write')
          ? `/api/v1/hooks/workflows/${row.id}/${row.webhook_secret}`
          : null,
      problems: withMessages(actor, checkWorkflow(row.draft, meta).problems),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    }
  }

  async function insert(
    trx: Tx,
    schema: WorkspaceSchema,
    actor: Actor,
    input: { name: string; description?: string | null; definition: unknown; templateKey?: string },
  ): Promise<WorkflowDto> {
    const draft = parseDraft(actor, input.definition)
    const id = newId()
    await repo.insert(trx, {
      workspace_id: actor.workspaceId,
      id,
      name: input.name,
      description: input.description ?? null,
      template_key: input.templateKey ?? null,
      draft,
      created_by: actor.userId,
    })
    await logChange(trx, actor, 'created', id, { name: input.name, templateKey: input.templateKey ?? null })
    return toDto(trx, schema, actor, (await repo.get(trx, actor.workspaceId, id))!)
  }

  /** The trigger record in API shape with the relations a plan reads expanded (as far as the actor may read). */
  async function recordForPlan(
    actor: Actor,
    def: WorkflowDefinition,
    meta: WorkflowMetadata,
    recordId: string,
  ) {
    const objectName = triggerObject(def.trigger)
    if (!objectName) throw errors.validation([{ path: 'recordId', code: 'workflow.trigger_without_record' }])
    const root: Record<string, unknown> = { ...(await deps.records.get(actor, objectName, recordId)) }
    for (const path of planRelationPaths(def, meta)) {
      const names = path.split('.')
      let obj = meta.resolveObject(objectName)
      let holder: Record<string, unknown> | null = root
      for (let i = 0; i < names.length - 1 && holder && obj; i++) {
        const f = obj.fields.find((x) => x.name === names[i])
        const v: unknown = holder[names[i]!]
        holder = v && typeof v === 'object' ? (v as Record<string, unknown>) : null
        obj = f?.options.target ? meta.resolveObject(f.options.target) : undefined
      }
      const last = names[names.length - 1]!
      const field = obj?.fields.find((x) => x.name === last)
      const target = field?.options.target
      const value = holder?.[last]
      if (!holder || !target || typeof value !== 'string') continue
      try {
        holder[last] = { ...(await deps.records.get(actor, target, value)) }
      } catch (e) {
        // a related record the actor may not read stays an id: the evaluator reads it as empty
        if (!(e instanceof AppError) || e.status >= 500) throw e
      }
    }
    return root
  }

  return {
    async list(actor: Actor): Promise<WorkflowDto[]> {
      assertAutomation(actor, 'read')
      return tx(
        actor,
        async (trx, schema) => {
          const rows = await repo.list(trx, actor.workspaceId)
          const ids = new Set(rows.map((r) => r.id))
          const out: WorkflowDto[] = []
          for (const r of rows) out.push(await toDto(trx, schema, actor, r, ids))
          return out
        },
        true,
      )
    },

    async get(actor: Actor, id: string): Promise<WorkflowDto> {
      assertAutomation(actor, 'read')
      return tx(actor, async (trx, schema) => toDto(trx, schema, actor, await load(trx, actor, id)), true)
    },

    async create(
      actor: Actor,
      input: { name: string; description?: string | null | undefined; definition: unknown },
    ) {
      assertAutomation(actor, 'write')
      return tx(actor, (trx, schema) => insert(trx, schema, actor, input))
    },

    /** Changes the name, description or draft; the published version stays as it is. */
    async update(
      actor: Actor,
      id: string,
      patch: {
        name?: string | undefined
        description?: string | null | undefined
        definition?: unknown
        maxRunsPerMinute?: number | undefined
      },
    ): Promise<WorkflowDto> {
      assertAutomation(actor, 'write')
      const draft = patch.definition === undefined ? undefined : parseDraft(actor, patch.definition)
      return tx(actor, async (trx, schema) => {
        await load(trx, actor, id, true)
        const p: { name?: string; description?: string | null; draft?: unknown; maxRunsPerMinute?: number } =
          {}
        if (patch.name !== undefined) p.name = patch.name
        if (patch.maxRunsPerMinute !== undefined) p.maxRunsPerMinute = patch.maxRunsPerMinute
        if (patch.description !== undefined) p.description = patch.description
        if (draft !== undefined) p.draft = draft
        await repo.updateDraft(trx, actor.workspaceId, id, p)
        await logChange(trx, actor, 'updated', id, { fields: Object.keys(p) })
        return toDto(trx, schema, actor, (await repo.get(trx, actor.workspaceId, id))!)
      })
    },

    /** Validates the draft and stores it as the next immutable version (400 with every problem otherwise). */
    async publish(actor: Actor, id: string): Promise<WorkflowDto> {
      assertAutomation(actor, 'write')
      return tx(actor, async (trx, schema) => {
        const row = await load(trx, actor, id, true)
        const check = checkWorkflow(row.draft, metadataOf(schema, await repo.ids(trx, actor.workspaceId)))
        if (!check.ok) throw problemsError(actor, check.problems, 'definition')
        const def = check.definition
        const unavailable = notRunnable(def)
        for (const [i, st] of def.steps.entries())
          if (st.type === 'send_email' && !(await loadTemplate(trx, actor.workspaceId, st.templateId)))
            unavailable.push({
              stepId: st.id,
              path: `steps.${i}.templateId`,
              code: 'workflow.unknown_template' as WorkflowProblem['code'],
              params: { template: st.templateId },
            })
        // a form trigger names a form of this workspace on the trigger's object
        if (
          def.trigger.type === 'form_submitted' &&
          (await formsRepo.objectOf(trx, actor.workspaceId, def.trigger.formId)) !== def.trigger.object
        )
          unavailable.unshift({
            stepId: null,
            path: 'trigger.formId',
            code: 'workflow.unknown_form' as WorkflowProblem['code'],
            params: { form: def.trigger.formId, object: def.trigger.object },
          })
        if (unavailable.length > 0) throw problemsError(actor, unavailable, 'definition')
        const version = (row.published_version ?? 0) + 1
        await logChange(trx, actor, 'published', id, { version })
        await repo.publish(trx, actor.workspaceId, id, {
          version,
          definition: def,
          by: actor.userId,
          triggerType: def.trigger.type,
          triggerObject: triggerObject(def.trigger),
        })
        if (def.trigger.type === 'webhook' && !row.webhook_secret)
          await repo.setWebhookSecret(trx, actor.workspaceId, id, newWebhookSecret())
        return toDto(trx, schema, actor, (await repo.get(trx, actor.workspaceId, id))!)
      })
    },

    /** A new secret for a webhook-triggered workflow: the old URL stops working at once. Audited. */
    async rotateWebhookSecret(actor: Actor, id: string): Promise<WorkflowDto> {
      assertAutomation(actor, 'write')
      return tx(actor, async (trx, schema) => {
        const row = await load(trx, actor, id, true)
        if (row.trigger_type !== 'webhook')
          throw errors.conflict([{ path: 'triggerType', code: 'workflow.not_webhook' }])
        await repo.setWebhookSecret(trx, actor.workspaceId, id, newWebhookSecret())
        await logChange(trx, actor, 'webhook_rotated', id)
        return toDto(trx, schema, actor, (await repo.get(trx, actor.workspaceId, id))!)
      })
    },

    async setEnabled(actor: Actor, id: string, enabled: boolean): Promise<WorkflowDto> {
      assertAutomation(actor, 'write')
      return tx(actor, async (trx, schema) => {
        const row = await load(trx, actor, id, true)
        if (enabled && row.published_version === null)
          throw errors.conflict([{ path: 'publishedVersion', code: 'workflow.not_published' }])
        await repo.setEnabled(trx, actor.workspaceId, id, enabled)
        if (enabled !== row.enabled) await logChange(trx, actor, enabled ? 'enabled' : 'disabled', id)
        return toDto(trx, schema, actor, { ...row, enabled })
      })
    },

    async remove(actor: Actor, id: string): Promise<void> {
      assertAutomation(actor, 'write')
      if (!isUuid(id)) throw errors.notFound()
      await tx(actor, async (trx) => {
        if (!(await repo.remove(trx, actor.workspaceId, id))) throw errors.notFound()
        await logChange(trx, actor, 'deleted', id)
      })
    },

    async versions(actor: Actor, id: string) {
      assertAutomation(actor, 'read')
      return tx(
        actor,
        async (trx) => {
          await load(trx, actor, id)
          const rows = await repo.versions(trx, actor.workspaceId, id)
          return rows.map((r) => ({
            version: r.version,
            publishedAt: iso(r.published_at),
            publishedBy: r.published_by,
          }))
        },
        true,
      )
    },

    async version(actor: Actor, id: string, version: number) {
      assertAutomation(actor, 'read')
      return tx(
        actor,
        async (trx) => {
          await load(trx, actor, id)
          const r = await repo.version(trx, actor.workspaceId, id, version)
          if (!r) throw errors.notFound()
          return {
            version: r.version,
            publishedAt: iso(r.published_at),
            publishedBy: r.published_by,
            definition: r.definition as Record<string, unknown>,
          }
        },
        true,
      )
    },

    /** What the draft (or the published version) would do on a record the caller may read; writes nothing. */
    async testRun(
      actor: Actor,
      id: string,
      input: { recordId: string; source: 'draft' | 'published'; approval: 'approved' | 'rejected' },
    ): Promise<RunPlan & { problems: ProblemDto[] }> {
      assertAutomation(actor, 'read')
      const { row, schema, ids } = await tx(
        actor,
        async (trx, schema) => ({
          row: await load(trx, actor, id),
          schema,
          ids: await repo.ids(trx, actor.workspaceId),
        }),
        true,
      )
      let definition: unknown = row.draft
      if (input.source === 'published') {
        if (row.published_version === null)
          throw errors.conflict([{ path: 'source', code: 'workflow.not_published' }])
        definition = (
          await tx(actor, (trx) => repo.version(trx, actor.workspaceId, id, row.published_version!), true)
        )?.definition
      }
      const meta = metadataOf(schema, ids)
      const check = checkWorkflow(definition, meta)
      if (!check.ok) {
        // the record must be readable whatever the definition says
        const objectName = (definition as { trigger?: { object?: unknown } } | null)?.trigger?.object
        if (typeof objectName === 'string' && meta.resolveObject(objectName))
          await deps.records.get(actor, objectName, input.recordId)
        return { ...planRun(definition, {}, meta, new Date()), problems: withMessages(actor, check.problems) }
      }
      const record = await recordForPlan(actor, check.definition, meta, input.recordId)
      const plan = planRun(check.definition, record, meta, new Date(), {
        timeZone: schema.timeZone,
        me: actor.userId,
        approval: input.approval,
      })
      return { ...plan, problems: withMessages(actor, plan.problems) }
    },

    async templates(actor: Actor) {
      assertAutomation(actor, 'read')
      const schema = await deps.metadata.getSchema(actor)
      const resolve = metadataOf(schema).resolveObject
      return WORKFLOW_TEMPLATES.map((t) => ({
        key: t.key,
        name: t.name,
        description: t.description,
        requires: t.requires.map((r) => ({
          object: r.object,
          fields: r.fields.map((f) => ({ name: f.name, type: f.type })),
        })),
        missing: missingRequirements(t, resolve),
        definition: t.definition as Record<string, unknown>,
      }))
    },

    /** Installs a template as a new, disabled workflow with the template as its draft (409 when objects are missing). */
    async installTemplate(actor: Actor, key: string): Promise<WorkflowDto> {
      assertAutomation(actor, 'write')
      const t = findTemplate(key)
      if (!t) throw errors.notFound()
      return tx(actor, async (trx, schema) => {
        const missing = missingRequirements(t, metadataOf(schema).resolveObject)
        if (missing.length > 0)
          throw errors.conflict(
            missing.map((m) =>
              m.field
                ? {
                    path: `requires.${m.object}.${m.field}`,
                    code: 'workflow.unknown_field',
                    params: { field: m.field },
                  }
                : {
                    path: `requires.${m.object}`,
                    code: 'workflow.missing_object',
                    params: { object: m.object },
                  },
            ),
          )
        return insert(trx, schema, actor, {
          name: t.name[actor.locale],
          description: t.description[actor.locale],
          definition: t.definition,
          templateKey: t.key,
        })
      })
    },
  }
}
