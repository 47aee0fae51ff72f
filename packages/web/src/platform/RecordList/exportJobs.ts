import type { ExportJob } from '@kemai/shared/api/exports.api'
import { api } from '../api-client.ts'
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

/** The finished file, named by the server in the language the export was started in. */
export const downloadExportJob = (id: string, locale: string) =>
  downloadFile(`/api/v1/exports/${encodeURIComponent(id)}/download`, `export-${id}`, locale)
