import type { ImportDto } from '@kemai/shared/api/imports.api'
import { type JobProgressSource, useJobProgress } from '../useJobProgress.ts'
import { FINAL_STATUSES, importsApi } from './importApi.ts'

const IMPORTS: JobProgressSource<ImportDto> = {
  streamUrl: (id) => `/api/v1/imports/${encodeURIComponent(id)}/stream`,
  get: (id) => importsApi.get(id),
  isFinal: (status) => FINAL_STATUSES.has(status),
}

/**
 * Follows a queued, running or undoing import: the server's SSE stream (`event: progress`), and a poll every
 * 2 s where EventSource is missing or the stream breaks. Stops at a final status.
 */
export function useImportProgress(imp: ImportDto | null, onUpdate: (imp: ImportDto) => void): void {
  const live = !!imp && !FINAL_STATUSES.has(imp.status) && imp.status !== 'draft'
  useJobProgress(IMPORTS, live ? imp.id : null, onUpdate)
}
