import { z } from 'zod'
import { NAME_PATTERN } from '../fields.ts'
import { checkFilterLimits, type Filter, filterNodeSchema } from '../query/ast.ts'
import { parseCron } from './cron.ts'

/**
 * A workflow definition as data (issue 6, docs/automation.md): one trigger and a graph of steps with ids.
 * Steps link to each other by id (`next`, `onTrue`/`onFalse`, switch cases, approval outcomes, wait timeouts);
 * `null` ends the run on that branch. Text values may hold merge fields: `{{trigger.record.<field>}}`,
 * `{{steps.<id>.output.<path>}}`. This schema checks shape only; `validateWorkflow` checks the graph
 * and the fields against the workspace's metadata.
 */

export const WORKFLOW_LIMITS = {
  maxSteps: 200,
  maxTemplateLength: 10_000,
  maxValues: 100,
  maxCases: 50,
  maxApprovalLevels: 20,
  maxApprovers: 50,
  maxRecipients: 50,
  maxHeaders: 30,
  /** a wait of at most a year (minutes) */
  maxWaitMinutes: 525_600,
  maxDays: 3650,
  /** nesting of a literal value (json fields, addresses, money) */
  maxValueDepth: 20,
} as const

export const STEP_ID_PATTERN = /^[a-z][a-z0-9_]{0,47}$/
export const stepIdSchema = z.string().regex(STEP_ID_PATTERN, 'invalid_name')
/** Where a branch goes next: a step id, or null to end the run on this branch. */
const nextSchema = stepIdSchema.nullable().default(null)
const fieldNameSchema = z.string().regex(NAME_PATTERN, 'invalid_name')
const objectNameSchema = z.string().regex(NAME_PATTERN, 'invalid_name')
const uuidSchema = z.string().uuid()
/** A text that may hold merge fields. */
export const templateSchema = z.string().max(WORKFLOW_LIMITS.maxTemplateLength)

/** A filter AST (the shared filter language); its fields are checked against the object by the validator. */
const filterSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    const issue = checkFilterLimits(v)
    if (issue)
      ctx.addIssue({
        code: 'custom',
        message: issue.code.replace('filter.', ''),
        params: { code: issue.code },
      })
  })
  .pipe(filterNodeSchema) as unknown as z.ZodType<Filter>

/** Is a JSON value nested at most `max` levels? Iterative, so a hostile value cannot overflow the stack. */
export function withinDepth(value: unknown, max: number = WORKFLOW_LIMITS.maxValueDepth): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, d] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (d >= max) return false
    for (const x of Object.values(v)) stack.push([x, d + 1])
  }
  return true
}

/** A literal value (a field value, a "changed to" value), nested at most a few levels. */
const literalSchema = z.unknown().refine((v) => withinDepth(v), 'too_deep')

/** Field values to write: a literal of the field's type, or a text with merge fields. */
const valuesSchema = z
  .record(fieldNameSchema, literalSchema)
  .refine((v) => Object.keys(v).length <= WORKFLOW_LIMITS.maxValues, 'too_large')

// --- triggers ------------------------------------------------------------------------------------

const recordTrigger = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), object: objectNameSchema }).strict()

export const triggerSchema = z.discriminatedUnion('type', [
  recordTrigger('record_created'),
  z
    .object({
      type: z.literal('record_updated'),
      object: objectNameSchema,
      /** only when one of these fields changed (empty or absent: any change) */
      fields: z.array(fieldNameSchema).max(WORKFLOW_LIMITS.maxValues).optional(),
      /** only when the (single) field in `fields` changed to this value */
      changedTo: literalSchema.optional(),
    })
    .strict(),
  recordTrigger('record_deleted'),
  recordTrigger('record_restored'),
  recordTrigger('records_merged'),
  z
    .object({
      type: z.literal('date_relative'),
      object: objectNameSchema,
      /** a date or datetime field (birthday, contract end) */
      field: fieldNameSchema,
      /** days before (negative) or after (positive) the date; 0 = on the day */
      offsetDays: z.number().int().min(-WORKFLOW_LIMITS.maxDays).max(WORKFLOW_LIMITS.maxDays),
      /** local time of day in the workspace time zone */
      at: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .default('09:00'),
      /** every year on the anniversary (birthdays) instead of once */
      yearly: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      type: z.literal('schedule'),
      /** five-field cron (minute hour day-of-month month day-of-week) in the workspace time zone */
      cron: z
        .string()
        .max(200)
        .refine((s) => parseCron(s).ok, 'invalid_cron'),
    })
    .strict(),
  z
    .object({
      type: z.literal('manual'),
      object: objectNameSchema,
      /** may also be started on a list selection */
      bulk: z.boolean().default(false),
    })
    .strict(),
  /** an incoming webhook: the URL and its secret are issued by the server, not stored in the definition */
  z.object({ type: z.literal('webhook') }).strict(),
  z.object({ type: z.literal('form_submitted'), formId: uuidSchema, object: objectNameSchema }).strict(),
  z
    .object({
      type: z.literal('segment_changed'),
      object: objectNameSchema,
      segmentId: uuidSchema,
      change: z.enum(['entered', 'left']),
    })
    .strict(),
])
export type Trigger = z.infer<typeof triggerSchema>
export type TriggerType = Trigger['type']

/** The trigger's object, when the trigger is about a record (`trigger.record` exists). */
export function triggerObject(t: Trigger): string | null {
  return 'object' in t ? t.object : null
}

// --- people --------------------------------------------------------------------------------------

/** Who gets a notification, a task or an approval. */
export const recipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: uuidSchema }).strict(),
  z.object({ kind: z.literal('role'), roleId: uuidSchema }).strict(),
  z.object({ kind: z.literal('team'), teamId: uuidSchema }).strict(),
  /** the trigger record's owner */
  z.object({ kind: z.literal('owner') }).strict(),
  /** the manager of the trigger record's owner (team tree) */
  z.object({ kind: z.literal('owner_manager') }).strict(),
  /** the user in a `user` field of the trigger record */
  z.object({ kind: z.literal('field'), field: fieldNameSchema }).strict(),
])
export type Recipient = z.infer<typeof recipientSchema>
const recipientsSchema = z.array(recipientSchema).min(1).max(WORKFLOW_LIMITS.maxRecipients)

/** An approver: as a recipient, plus the submitter's manager. */
export const approverSchema = z.union([
  recipientSchema,
  z.object({ kind: z.literal('submitter_manager') }).strict(),
])
export type Approver = z.infer<typeof approverSchema>

// --- steps ---------------------------------------------------------------------------------------

const base = { id: stepIdSchema, name: z.string().max(200).optional() }
const linear = { ...base, next: nextSchema }

/** Which record an update/note/assignment acts on: the trigger record, or the record a step created/found. */
export const targetSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('trigger') }).strict(),
    z.object({ kind: z.literal('step'), step: stepIdSchema }).strict(),
  ])
  .default({ kind: 'trigger' })
export type StepTarget = z.infer<typeof targetSchema>

export const waitSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('duration'),
      minutes: z.number().int().min(1).max(WORKFLOW_LIMITS.maxWaitMinutes),
    })
    .strict(),
  z
    .object({
      kind: z.literal('until_field'),
      /** a date or datetime field of the trigger record */
      field: fieldNameSchema,
      offsetMinutes: z
        .number()
        .int()
        .min(-WORKFLOW_LIMITS.maxWaitMinutes)
        .max(WORKFLOW_LIMITS.maxWaitMinutes)
        .default(0),
    })
    .strict(),
  z
    .object({
      kind: z.literal('event'),
      /** the trigger record is updated (optionally so that it matches `filter`), deleted, … */
      event: z.enum(['record.updated', 'record.deleted', 'approval.decided']),
      filter: filterSchema.optional(),
      timeoutMinutes: z.number().int().min(1).max(WORKFLOW_LIMITS.maxWaitMinutes),
      /** where to go when the timeout passes first (the event goes to `next`) */
      onTimeout: nextSchema,
    })
    .strict(),
])
export type WaitSpec = z.infer<typeof waitSchema>

export const approvalLevelSchema = z
  .object({
    id: stepIdSchema,
    name: z.string().max(200).optional(),
    approvers: z.array(approverSchema).min(1).max(WORKFLOW_LIMITS.maxApprovers),
    /** all must approve (会签) or any one (或签) */
    mode: z.enum(['all', 'any']),
    timeoutHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .optional(),
    /** on timeout: remind again, escalate to `escalateTo`, or decide */
    onTimeout: z.enum(['remind', 'escalate', 'approve', 'reject']).default('remind'),
    escalateTo: approverSchema.optional(),
  })
  .strict()
export type ApprovalLevel = z.infer<typeof approvalLevelSchema>

const stepSchemas = [
  z
    .object({
      ...base,
      type: z.literal('condition'),
      filter: filterSchema,
      onTrue: nextSchema,
      onFalse: nextSchema,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('switch'),
      cases: z
        .array(
          z
            .object({ label: z.string().max(200).optional(), filter: filterSchema, next: nextSchema })
            .strict(),
        )
        .min(1)
        .max(WORKFLOW_LIMITS.maxCases),
      default: nextSchema,
    })
    .strict(),
  z.object({ ...linear, type: z.literal('wait'), wait: waitSchema }).strict(),
  z
    .object({ ...linear, type: z.literal('update_record'), target: targetSchema, values: valuesSchema })
    .strict(),
  z
    .object({ ...linear, type: z.literal('create_record'), object: objectNameSchema, values: valuesSchema })
    .strict(),
  z
    .object({
      ...linear,
      type: z.literal('find_records'),
      object: objectNameSchema,
      filter: filterSchema,
      sort: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(100).default(1),
    })
    .strict(),
  z
    .object({
      ...linear,
      type: z.literal('create_task'),
      title: templateSchema.min(1),
      description: templateSchema.optional(),
      dueInDays: z.number().int().min(0).max(WORKFLOW_LIMITS.maxDays).default(1),
      assignee: recipientSchema.default({ kind: 'owner' }),
      target: targetSchema,
    })
    .strict(),
  z
    .object({ ...linear, type: z.literal('add_note'), body: templateSchema.min(1), target: targetSchema })
    .strict(),
  z
    .object({
      ...linear,
      type: z.literal('assign_owner'),
      strategy: z.enum(['round_robin', 'least_loaded']),
      teamId: uuidSchema,
      target: targetSchema,
    })
    .strict(),
  z
    .object({
      ...linear,
      type: z.literal('notify'),
      recipients: recipientsSchema,
      title: templateSchema.min(1),
      body: templateSchema.optional(),
    })
    .strict(),
  z
    .object({
      ...linear,
      type: z.literal('send_email'),
      templateId: uuidSchema,
      /** recipients, or addresses (with merge fields) */
      to: z
        .array(z.union([recipientSchema, templateSchema.min(1)]))
        .min(1)
        .max(WORKFLOW_LIMITS.maxRecipients),
      cc: z
        .array(z.union([recipientSchema, templateSchema.min(1)]))
        .max(WORKFLOW_LIMITS.maxRecipients)
        .default([]),
    })
    .strict(),
  z
    .object({
      ...linear,
      type: z.literal('http'),
      url: templateSchema.min(1).max(2000),
      method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      headers: z
        .record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'invalid_name'), templateSchema.max(2000))
        .refine((h) => Object.keys(h).length <= WORKFLOW_LIMITS.maxHeaders, 'too_large')
        .default({}),
      body: templateSchema.optional(),
      timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
      retries: z.number().int().min(0).max(10).default(3),
    })
    .strict(),
  z
    .object({
      ...linear,
      type: z.literal('start_workflow'),
      workflowId: uuidSchema,
      /** wait for the started run to finish before going on */
      waitForCompletion: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('approval'),
      title: templateSchema.min(1),
      levels: z.array(approvalLevelSchema).min(1).max(WORKFLOW_LIMITS.maxApprovalLevels),
      /** a rejection returns to the submitter (who may resubmit) or to an earlier level */
      onReject: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('submitter') }).strict(),
          z.object({ kind: z.literal('level'), level: stepIdSchema }).strict(),
        ])
        .default({ kind: 'submitter' }),
      /** fields locked on the record while pending: 'all' or a list */
      lock: z
        .union([z.literal('all'), z.array(fieldNameSchema).max(WORKFLOW_LIMITS.maxValues)])
        .default('all'),
      approved: nextSchema,
      rejected: nextSchema,
    })
    .strict(),
] as const

export const stepSchema = z.discriminatedUnion('type', [...stepSchemas])
export type Step = z.infer<typeof stepSchema>
export type StepType = Step['type']
export type StepOf<T extends StepType> = Extract<Step, { type: T }>
export const STEP_TYPES = stepSchemas.map((s) => s.shape.type.value) as StepType[]

export const workflowDefinitionSchema = z
  .object({
    trigger: triggerSchema,
    /** id of the first step */
    start: stepIdSchema,
    steps: z.array(stepSchema).min(1).max(WORKFLOW_LIMITS.maxSteps),
  })
  .strict()
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>
/** A definition as written (defaults not yet applied). */
export type WorkflowDefinitionInput = z.input<typeof workflowDefinitionSchema>

/** Steps that pause a run (a loop through one of them is not a busy loop). */
export const PAUSING_STEPS: ReadonlySet<StepType> = new Set(['wait', 'approval'])

/** The outgoing links of a step, with the path of each inside the step. */
export function stepLinks(step: Step): { path: string; to: string | null }[] {
  switch (step.type) {
    case 'condition':
      return [
        { path: 'onTrue', to: step.onTrue },
        { path: 'onFalse', to: step.onFalse },
      ]
    case 'switch':
      return [
        ...step.cases.map((c, i) => ({ path: `cases.${i}.next`, to: c.next })),
        { path: 'default', to: step.default },
      ]
    case 'approval':
      return [
        { path: 'approved', to: step.approved },
        { path: 'rejected', to: step.rejected },
      ]
    case 'wait':
      return step.wait.kind === 'event'
        ? [
            { path: 'next', to: step.next },
            { path: 'wait.onTimeout', to: step.wait.onTimeout },
          ]
        : [{ path: 'next', to: step.next }]
    default:
      return [{ path: 'next', to: step.next }]
  }
}
