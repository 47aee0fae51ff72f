import type { ExportJob } from '@kemai/shared/api/exports.api'
import { EXPORT_FINAL_STATUSES } from '@kemai/shared/api/exports.constants'
import { api } from '../api-client.ts'
import type { JobProgressSource } from '../useJobProgress.ts'
import { downloadFile, type ExportFormat } from './exportFile.ts'

/** Starts a background export of the list (docs/export.md); the user is notified when its file is ready. */
export function startExportJob(
  object: string,
  format: ExportFormat,
  query: { filter: string | null; sort: string | null; columns?: string[] | null },
): Promise<{ id: string; status: ExportJob['status'] }> {
  return api(`/api/v1/records/${encodeURIComponent(object)}/exports`, {
    method: 'POST',
    body: {
      format,
      ...(query.filter ? { filter: query.filter } : {}),
      ...(query.sort ? { sort: query.sort } : {}),
      ...(format !== 'vcf' && query.columns?.length ? { columns: query.columns } : {}),
    },
  })
}

export const listExportJobs = () => api<{ data: ExportJob[] }>('/api/v1/exports')

export const getExportJob = (id: string) => api<ExportJob>(`/api/v1/exports/${encodeURIComponent(id)}`)

/** Cancels a queued or running export (a running one stops at its next page); 409 once it has ended. */
export const cancelExportJob = (id: string) =>
  api<ExportJob>(`/api/v1/exports/${encodeURIComponent(id)}/cancel`, { method: 'POST' })

/** Progress of an export: its SSE stream, or GET where there is none (useJobProgress). */
export const EXPORT_PROGRESS: JobProgressSource<ExportJob> = {
  streamUrl: (id) => `/api/v1/exports/${encodeURIComponent(id)}/stream`,
  get: getExportJob,
  isFinal: (status) => EXPORT_FINAL_STATUSES.has(status),
}

/** The finished file, named by the server in the language the export was started in. */
export const downloadExportJob = (id: string, locale: string) =>
  downloadFile(`/api/v1/exports/${encodeURIComponent(id)}/download`, `export-${id}`, locale)
