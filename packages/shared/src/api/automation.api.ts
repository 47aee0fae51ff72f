import { z } from 'zod'
import { labelSchema, nameSchema } from '../fields.ts'

/**
 * Workflows (`/api/v1/workflows`, docs/automation.md): a draft definition per workflow, immutable published
 * versions, enable/disable, a test run against a record, and ready-made templates. Definitions travel as
 * JSON and are checked by the server (`validateWorkflow`); dates are ISO 8601 strings.
 */

const id = z.string().uuid()
/** A definition as sent: its shape is checked by `workflowDefinitionSchema` on save, its meaning on publish. */
const definition = z.record(z.string(), z.unknown())

export const workflowProblemSchema = z
  .object({
    stepId: z.string().nullable(),
    path: z.string(),
    code: z.string(),
    message: z.string(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'WorkflowProblem' })

export const workflowSchema = z
  .object({
    id,
    name: z.string(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    templateKey: z.string().nullable(),
    /** the definition being edited */
    draft: definition,
    /** the draft differs from the published version */
    hasChanges: z.boolean(),
    publishedVersion: z.number().int().nullable(),
    triggerType: z.string().nullable(),
    triggerObject: z.string().nullable(),
    /** per-workflow rate limit: starts beyond it in one minute are recorded as failed runs */
    maxRunsPerMinute: z.number().int(),
    /** a webhook trigger's URL (POST JSON to it), with its secret: only for those who may change workflows */
    webhookUrl: z.string().nullable(),
    /** what must be fixed before the draft can be published (empty: publishable) */
    problems: z.array(workflowProblemSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Workflow' })
export type WorkflowDto = z.infer<typeof workflowSchema>

export const workflowInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullable().optional(),
    definition,
  })
  .strict()
  .meta({ id: 'WorkflowInput' })

export const workflowPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    /** replaces the draft; the published version does not change */
    definition: definition.optional(),
    maxRunsPerMinute: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .meta({ id: 'WorkflowPatch' })

export const workflowVersionSchema = z
  .object({
    version: z.number().int(),
    publishedAt: z.string(),
    publishedBy: z.string().nullable(),
    definition,
  })
  .meta({ id: 'WorkflowVersion' })

export const workflowVersionListSchema = z.object({
  data: z.array(workflowVersionSchema.omit({ definition: true })),
})

export const testRunInputSchema = z
  .object({
    recordId: id,
    /** plan the draft (default) or the published version */
    source: z.enum(['draft', 'published']).default('draft'),
    /** the branch an approval takes in the plan */
    approval: z.enum(['approved', 'rejected']).default('approved'),
  })
  .strict()
  .meta({ id: 'WorkflowTestRunInput' })

export const runPlanSchema = z
  .object({
    ok: z.boolean(),
    problems: z.array(workflowProblemSchema),
    steps: z.array(
      z.object({
        stepId: z.string(),
        type: z.string(),
        detail: z.record(z.string(), z.unknown()),
        next: z.string().nullable(),
        unresolved: z.array(z.string()),
        assumed: z.string().optional(),
      }),
    ),
    path: z.array(z.string()),
    end: z.enum(['completed', 'loop', 'invalid']),
  })
  .meta({ id: 'WorkflowRunPlan' })

export const workflowTemplateSchema = z
  .object({
    key: z.string(),
    name: labelSchema,
    description: labelSchema,
    requires: z.array(
      z.object({ object: z.string(), fields: z.array(z.object({ name: z.string(), type: z.string() })) }),
    ),
    /** what this workspace lacks to install it (empty: installable) */
    missing: z.array(z.object({ object: z.string(), field: z.string().optional() })),
    definition,
  })
  .meta({ id: 'WorkflowTemplate' })

export const RUN_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const
export type RunStatusDto = (typeof RUN_STATUSES)[number]

/** Why a run or step failed, with the message in the caller's language. */
export const runErrorSchema = z
  .object({
    code: z.string(),
    stepId: z.string().nullable(),
    message: z.string(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'WorkflowRunError' })

export const workflowRunSchema = z
  .object({
    id,
    workflowId: id,
    workflowName: z.string(),
    version: z.number().int(),
    status: z.enum(RUN_STATUSES),
    triggerType: z.string(),
    object: z.string().nullable(),
    recordId: id.nullable(),
    /** 1 for a run started by a person's change; +1 per workflow in a chain */
    depth: z.number().int(),
    /** the step the run goes on with (null when it ended) */
    nextStep: z.string().nullable(),
    stepsDone: z.number().int(),
    error: runErrorSchema.nullable(),
    /** what a waiting run waits for: `time`, `event`, `workflow`, `http` (a retry) */
    waitingFor: z.string().nullable(),
    wakeAt: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'WorkflowRun' })
export type WorkflowRunDto = z.infer<typeof workflowRunSchema>

export const workflowStepRunSchema = z
  .object({
    seq: z.number().int(),
    stepId: z.string(),
    type: z.string(),
    status: z.enum(['running', 'succeeded', 'failed', 'waiting']),
    input: z.unknown(),
    output: z.unknown(),
    error: runErrorSchema.nullable(),
    attempt: z.number().int(),
    startedAt: z.string(),
    durationMs: z.number().int(),
  })
  .meta({ id: 'WorkflowStepRun' })
export type WorkflowStepRunDto = z.infer<typeof workflowStepRunSchema>

export const workflowRunDetailSchema = workflowRunSchema
  .extend({ steps: z.array(workflowStepRunSchema), payload: z.unknown() })
  .meta({ id: 'WorkflowRunDetail' })
export type WorkflowRunDetailDto = z.infer<typeof workflowRunDetailSchema>

export const workflowRunListQuerySchema = z.object({
  workflowId: id.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  recordId: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
})

export const workflowRunListSchema = z
  .object({ data: z.array(workflowRunSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'WorkflowRunList' })

/** Start a workflow with a manual trigger on records (one, or up to 100 with `bulk`). */
export const manualRunInputSchema = z
  .object({ recordIds: z.array(id).min(1).max(100) })
  .strict()
  .meta({ id: 'ManualRunInput' })

/** `GET /api/v1/workflows/manual?object=`: what "Run workflow" offers on a record or a list selection. */
export const manualWorkflowsQuerySchema = z.object({ object: nameSchema })

export const manualWorkflowSchema = z
  .object({
    id,
    name: z.string(),
    /** the published manual trigger allows a list selection (up to 100 records) */
    bulk: z.boolean(),
  })
  .meta({ id: 'ManualWorkflow' })
export type ManualWorkflowDto = z.infer<typeof manualWorkflowSchema>

export const manualWorkflowListSchema = z
  .object({ data: z.array(manualWorkflowSchema) })
  .meta({ id: 'ManualWorkflowList' })

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const

export const approvalSchema = z
  .object({
    id,
    title: z.string(),
    status: z.enum(APPROVAL_STATUSES),
    workflowId: id,
    workflowName: z.string(),
    runId: id,
    object: z.string().nullable(),
    recordId: id.nullable(),
    submitterId: id.nullable(),
    /** the level the request is at (0-based index of `count`), its mode: `all` = 会签, `any` = 或签 */
    level: z
      .object({
        index: z.number().int(),
        id: z.string(),
        name: z.string().nullable(),
        count: z.number().int(),
        mode: z.enum(['all', 'any']),
      })
      .nullable(),
    /** a reject back to a level starts a new round */
    round: z.number().int(),
    /** the caller's task at the current level: pending (theirs to decide), approved, rejected, skipped, or null */
    myTask: z.string().nullable(),
    /** what the pending request locks on its record: every field, or these */
    lock: z.union([z.literal('all'), z.array(z.string())]),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'Approval' })
export type ApprovalDto = z.infer<typeof approvalSchema>

export const approvalDetailSchema = approvalSchema
  .extend({
    levels: z.array(z.object({ id: z.string(), name: z.string().nullable(), mode: z.enum(['all', 'any']) })),
    /** every approver's task of every level and round, oldest first */
    tasks: z.array(
      z.object({
        level: z.number().int(),
        round: z.number().int(),
        approverId: id,
        status: z.enum(['pending', 'approved', 'rejected', 'skipped']),
        comment: z.string().nullable(),
        escalated: z.boolean(),
        dueAt: z.string().nullable(),
        decidedAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ApprovalDetail' })
export type ApprovalDetailDto = z.infer<typeof approvalDetailSchema>

export const approvalListQuerySchema = z.object({
  /** inbox: waiting for the caller's decision; submitted: the caller's requests; all: automation readers */
  box: z.enum(['inbox', 'submitted', 'all']).default('inbox'),
  status: z.enum(APPROVAL_STATUSES).optional(),
  recordId: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
})

export const approvalListSchema = z
  .object({ data: z.array(approvalSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ApprovalList' })

export const approvalDecisionSchema = z
  .object({ decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).optional() })
  .strict()
  .meta({ id: 'ApprovalDecision' })

/** An e-mail template of `send_email` steps: subject and plain-text body may hold merge fields. */
export const emailTemplateInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    subject: z.string().trim().min(1).max(500),
    body: z.string().min(1).max(50_000),
  })
  .strict()
  .meta({ id: 'EmailTemplateInput' })

export const emailTemplateSchema = emailTemplateInputSchema
  .extend({ id, createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'EmailTemplate' })
export type EmailTemplateDto = z.infer<typeof emailTemplateSchema>
