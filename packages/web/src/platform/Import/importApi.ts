import type { FileInfo } from '@kemai/shared/api/files.api'
import type {
  ImportDto,
  ImportTemplate,
  PreviewRow,
  TemplateInput,
  UpdateImportInput,
} from '@kemai/shared/api/imports.api'
import type { Problem } from '@kemai/shared/errors'
import { ApiError, api } from '../api-client.ts'

const seg = encodeURIComponent

async function problemOf(res: Response): Promise<ApiError> {
  let problem: Problem = { type: 'about:blank', title: res.statusText, status: res.status, code: 'internal' }
  try {
    problem = (await res.json()) as Problem
  } catch {
    // not a problem body
  }
  return new ApiError(res.status, problem)
}

/** `/api/v1/imports` (docs/import.md). Upload and the error report are raw fetches (a file body, a file answer). */
export const importsApi = {
  async upload(file: File, locale: string): Promise<FileInfo> {
    let res: Response
    try {
      res = await fetch(`/api/v1/imports/files?name=${seg(file.name)}`, {
        method: 'POST',
        headers: { 'Accept-Language': locale, 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
        credentials: 'same-origin',
      })
    } catch {
      throw new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'internal' })
    }
    if (!res.ok) throw await problemOf(res)
    return (await res.json()) as FileInfo
  },
  create: (body: { fileId: string; object: string; templateId?: string }) =>
    api<ImportDto>('/api/v1/imports', { method: 'POST', body }),
  get: (id: string, signal?: AbortSignal) => api<ImportDto>(`/api/v1/imports/${seg(id)}`, { signal }),
  update: (id: string, body: UpdateImportInput) =>
    api<ImportDto>(`/api/v1/imports/${seg(id)}`, { method: 'PATCH', body }),
  preview: (id: string, limit = 20, signal?: AbortSignal) =>
    api<{ rows: PreviewRow[] }>(`/api/v1/imports/${seg(id)}/preview`, { query: { limit }, signal }),
  start: (id: string) => api<ImportDto>(`/api/v1/imports/${seg(id)}/start`, { method: 'POST' }),
  cancel: (id: string) => api<ImportDto>(`/api/v1/imports/${seg(id)}/cancel`, { method: 'POST' }),
  undo: (id: string) => api<ImportDto>(`/api/v1/imports/${seg(id)}/undo`, { method: 'POST' }),
  templates: (object: string, signal?: AbortSignal) =>
    api<{ data: ImportTemplate[] }>('/api/v1/import-templates', { query: { object }, signal }),
  saveTemplate: (body: TemplateInput) =>
    api<ImportTemplate>('/api/v1/import-templates', { method: 'POST', body }),
  async downloadErrors(id: string, locale: string): Promise<void> {
    const res = await fetch(`/api/v1/imports/${seg(id)}/errors.csv`, {
      headers: { 'Accept-Language': locale },
      credentials: 'same-origin',
    })
    if (!res.ok) throw await problemOf(res)
    const href = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = href
    a.download = 'import-errors.csv'
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(href), 10_000)
  },
}

export const FINAL_STATUSES = new Set(['done', 'cancelled', 'failed', 'undone'])
