import type { PublicForm, SubmitResult } from '@kemai/shared/api/forms.api'
import { api } from '../api-client.ts'

/** The public side of web forms (no login): the definition by key, and a submission. */
export const publicFormApi = {
  get: (key: string, signal?: AbortSignal) =>
    api<PublicForm>(`/api/v1/public/forms/${encodeURIComponent(key)}`, { signal }),
  submit: (key: string, body: Record<string, unknown>) =>
    api<SubmitResult>(`/api/v1/public/forms/${encodeURIComponent(key)}/submit`, { method: 'POST', body }),
}
