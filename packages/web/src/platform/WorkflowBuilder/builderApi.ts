import type { roleSchema, teamSchema } from '@kemai/shared/api/access.api'
import type { FormDto } from '@kemai/shared/api/forms.api'
import type { z } from 'zod'
import type { RunPlan } from '../Automation/automation-api.ts'
import { api } from '../api-client.ts'

/**
 * Calls the builder makes beyond the workflow itself (automation-api.ts): the test run, and the teams,
 * roles and web forms a step or trigger may name. Type-only imports keep zod's schemas out of the bundle.
 */

type Team = z.infer<typeof teamSchema>
type Role = z.infer<typeof roleSchema>
const seg = encodeURIComponent

export interface TestRunInput {
  recordId: string
  source: 'draft' | 'published'
  approval: 'approved' | 'rejected'
}

export const builderApi = {
  /** what the saved draft would do on a record; writes nothing */
  testRun: (id: string, body: TestRunInput) =>
    api<RunPlan>(`/api/v1/workflows/${seg(id)}/test-run`, { method: 'POST', body }),
  teams: (signal?: AbortSignal) => api<{ data: Team[] }>('/api/v1/teams', { signal }),
  roles: (signal?: AbortSignal) => api<{ data: Role[] }>('/api/v1/roles', { signal }),
  /** the web forms of an object, for the form trigger */
  forms: (object: string, signal?: AbortSignal) =>
    api<{ data: FormDto[] }>('/api/v1/forms', { signal, query: { object } }),
}

/** JSON with object keys sorted: two definitions that differ only in key order are the same draft. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : x,
  )
}
