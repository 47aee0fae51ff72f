import type {
  EmailTemplateDto,
  ManualWorkflowDto,
  RunStatusDto,
  runPlanSchema,
  WorkflowDto,
  WorkflowRunDetailDto,
  WorkflowRunDto,
  WorkflowStepRunDto,
  workflowProblemSchema,
  workflowTemplateSchema,
  workflowVersionSchema,
} from '@kemai/shared/api/automation.api'
import type { z } from 'zod'
import { ApiError, api } from '../api-client.ts'

/**
 * Client calls of the automation API (docs/automation.md): workflows, templates, runs. Types come from
 * the shared zod schemas (type-only imports keep zod out of the bundle).
 */

export type Workflow = WorkflowDto
export type WorkflowProblem = z.infer<typeof workflowProblemSchema>
export type WorkflowTemplate = z.infer<typeof workflowTemplateSchema>
export type WorkflowVersion = z.infer<typeof workflowVersionSchema>
export type RunPlan = z.infer<typeof runPlanSchema>
export type WorkflowRun = WorkflowRunDto
export type WorkflowRunDetail = WorkflowRunDetailDto
export type WorkflowStepRun = WorkflowStepRunDto
export type RunStatus = RunStatusDto
export type EmailTemplate = EmailTemplateDto
export interface EmailTemplateInput {
  name: string
  subject: string
  /** plain text with merge fields */
  body: string
}
/** A workflow a person can start on records of an object (enabled, published with a manual trigger). */
export type ManualWorkflow = ManualWorkflowDto
/** `RUN_STATUSES` of the contract, repeated here so the bundle does not pull the zod schemas */
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'waiting', 'succeeded', 'failed', 'cancelled']

/** The most records one manual start takes (`manualRunInputSchema`). */
export const MAX_MANUAL_RUN = 100

export interface WorkflowInput {
  name: string
  description?: string | null
  definition: Record<string, unknown>
}
export interface WorkflowPatch {
  name?: string
  description?: string | null
  definition?: Record<string, unknown>
  maxRunsPerMinute?: number
}
export interface RunListQuery {
  workflowId?: string
  status?: RunStatus
  recordId?: string
  limit?: number
  cursor?: string | null
}
export interface RunPage {
  data: WorkflowRun[]
  nextCursor: string | null
}

const seg = encodeURIComponent

export const workflowsApi = {
  list: (signal?: AbortSignal) => api<{ data: Workflow[] }>('/api/v1/workflows', { signal }),
  get: (id: string, signal?: AbortSignal) => api<Workflow>(`/api/v1/workflows/${seg(id)}`, { signal }),
  create: (input: WorkflowInput) => api<Workflow>('/api/v1/workflows', { method: 'POST', body: input }),
  update: (id: string, patch: WorkflowPatch) =>
    api<Workflow>(`/api/v1/workflows/${seg(id)}`, { method: 'PATCH', body: patch }),
  remove: (id: string) => api<void>(`/api/v1/workflows/${seg(id)}`, { method: 'DELETE' }),
  publish: (id: string) => api<Workflow>(`/api/v1/workflows/${seg(id)}/publish`, { method: 'POST' }),
  setEnabled: (id: string, enabled: boolean) =>
    api<Workflow>(`/api/v1/workflows/${seg(id)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' }),
  /** one published version with its definition */
  version: (id: string, version: number, signal?: AbortSignal) =>
    api<WorkflowVersion>(`/api/v1/workflows/${seg(id)}/versions/${version}`, { signal }),
  templates: (signal?: AbortSignal) =>
    api<{ data: WorkflowTemplate[] }>('/api/v1/workflows/templates', { signal }),
  install: (key: string) =>
    api<Workflow>(`/api/v1/workflows/templates/${seg(key)}/install`, { method: 'POST' }),
  /** the enabled workflows with a published manual trigger on `object`; for anyone who may read it */
  manual: (object: string, signal?: AbortSignal) =>
    api<{ data: ManualWorkflow[] }>('/api/v1/workflows/manual', { query: { object }, signal }),
  /** starts a manual-trigger workflow on records (202 with the new runs) */
  run: (id: string, recordIds: string[]) =>
    api<{ runIds: string[] }>(`/api/v1/workflows/${seg(id)}/run`, { method: 'POST', body: { recordIds } }),
}

export const runsApi = {
  list: (q: RunListQuery, signal?: AbortSignal) =>
    api<RunPage>('/api/v1/workflow-runs', {
      query: {
        workflowId: q.workflowId,
        status: q.status,
        recordId: q.recordId,
        limit: q.limit,
        cursor: q.cursor ?? undefined,
      },
      signal,
    }),
  get: (id: string, signal?: AbortSignal) =>
    api<WorkflowRunDetail>(`/api/v1/workflow-runs/${seg(id)}`, { signal }),
  retry: (id: string) => api<WorkflowRunDetail>(`/api/v1/workflow-runs/${seg(id)}/retry`, { method: 'POST' }),
  cancel: (id: string) =>
    api<WorkflowRunDetail>(`/api/v1/workflow-runs/${seg(id)}/cancel`, { method: 'POST' }),
}

/** E-mail templates of `send_email` steps (automation readers list, writers change). */
export const emailTemplatesApi = {
  list: (signal?: AbortSignal) => api<{ data: EmailTemplate[] }>('/api/v1/email-templates', { signal }),
  create: (input: EmailTemplateInput) =>
    api<EmailTemplate>('/api/v1/email-templates', { method: 'POST', body: input }),
  update: (id: string, input: EmailTemplateInput) =>
    api<EmailTemplate>(`/api/v1/email-templates/${seg(id)}`, { method: 'PUT', body: input }),
  remove: (id: string) => api<void>(`/api/v1/email-templates/${seg(id)}`, { method: 'DELETE' }),
}

/** The draft's problems a refused publish lists (400 `validation_failed` with `problems[]`). */
export function publishProblems(error: unknown): WorkflowProblem[] {
  if (!(error instanceof ApiError) || error.status !== 400) return []
  const list = (error.problem as { problems?: unknown }).problems
  return Array.isArray(list) ? (list as WorkflowProblem[]) : []
}
