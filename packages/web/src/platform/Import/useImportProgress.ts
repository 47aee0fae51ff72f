import type { ImportDto } from '@kemai/shared/api/imports.api'
import { useEffect } from 'react'
import { FINAL_STATUSES, importsApi } from './importApi.ts'

/**
 * Follows a queued, running or undoing import: the server's SSE stream (`event: progress`), and a poll every
 * 2 s where EventSource is missing or the stream breaks. Stops at a final status.
 */
export function useImportProgress(imp: ImportDto | null, onUpdate: (imp: ImportDto) => void): void {
  const id = imp?.id ?? null
  const live = !!imp && !FINAL_STATUSES.has(imp.status) && imp.status !== 'draft'
  useEffect(() => {
    if (!id || !live) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = () => {
      timer = setTimeout(() => {
        importsApi
          .get(id)
          .then((r) => {
            if (stopped) return
            onUpdate(r)
            if (!FINAL_STATUSES.has(r.status)) poll()
          })
          .catch(() => !stopped && poll())
      }, 2000)
    }
    let source: EventSource | null = null
    if (typeof EventSource === 'function') {
      source = new EventSource(`/api/v1/imports/${encodeURIComponent(id)}/stream`)
      source.addEventListener('progress', (e) => {
        const r = JSON.parse((e as MessageEvent<string>).data) as ImportDto
        onUpdate(r)
        if (FINAL_STATUSES.has(r.status)) source?.close()
      })
      source.onerror = () => {
        source?.close()
        source = null
        if (!stopped) poll()
      }
    } else poll()
    return () => {
      stopped = true
      source?.close()
      if (timer) clearTimeout(timer)
    }
  }, [id, live, onUpdate])
}
