import { z } from 'zod'
import { labelSchema } from '../fields.ts'

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
