import type {
  CreateFormInput,
  FormDto,
  FormSubmissionDto,
  UpdateFormInput,
} from '@kemai/shared/api/forms.api'
import { api } from '../../../platform/api-client.ts'

/** Client calls of the forms settings (`/api/v1/forms`); types from the shared zod schemas. */
export type Form = FormDto
export type FormSubmission = FormSubmissionDto

const seg = encodeURIComponent

export const formsApi = {
  list: (signal?: AbortSignal, object?: string) =>
    api<{ data: Form[] }>('/api/v1/forms', { signal, query: { object } }),
  get: (id: string, signal?: AbortSignal) => api<Form>(`/api/v1/forms/${seg(id)}`, { signal }),
  create: (input: CreateFormInput) => api<Form>('/api/v1/forms', { method: 'POST', body: input }),
  update: (id: string, input: UpdateFormInput) =>
    api<Form>(`/api/v1/forms/${seg(id)}`, { method: 'PATCH', body: input }),
  remove: (id: string) => api<void>(`/api/v1/forms/${seg(id)}`, { method: 'DELETE' }),
  regenerateKey: (id: string) => api<Form>(`/api/v1/forms/${seg(id)}/regenerate-key`, { method: 'POST' }),
  submissions: (id: string, cursor: string | null, signal?: AbortSignal) =>
    api<{ data: FormSubmission[]; nextCursor: string | null }>(`/api/v1/forms/${seg(id)}/submissions`, {
      signal,
      query: { limit: 50, cursor },
    }),
}

/** The public link of a form, on this server. */
export const publicUrl = (key: string) => new URL(`/f/${key}`, window.location.origin).toString()

/** The HTML to paste into another site: an iframe that grows with the form (it posts its height). */
export function embedSnippet(key: string, title: string): string {
  const url = publicUrl(key)
  const id = `kemai-form-${key}`
  const safeTitle = title.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  )
  return [
    `<iframe id="${id}" src="${url}" title="${safeTitle}" style="width:100%;max-width:640px;border:0" height="720" loading="lazy"></iframe>`,
    `<script>addEventListener('message',function(e){if(e.origin===${JSON.stringify(new URL(url).origin)}&&e.data&&e.data.kemaiForm===${JSON.stringify(key)}){document.getElementById(${JSON.stringify(id)}).height=e.data.height}})</script>`,
  ].join('\n')
}
