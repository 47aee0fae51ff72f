import type { DedupKeyIndex } from '@kemai/shared/api/dedup.api'
import type {
  DedupClustersPage,
  DedupReviewCluster,
  DedupScan,
  DedupScanState,
  DedupSettings,
} from '@kemai/shared/api/dedup-review.api'
import { api } from '../api-client.ts'

const seg = encodeURIComponent

/** The duplicate review queue (docs/dedup.md "Review queue"); types from the shared schemas. */
export const dedupReviewApi = {
  state: (object: string, signal?: AbortSignal) =>
    api<DedupScanState>(`/api/v1/dedup/${seg(object)}/scan`, { signal }),
  start: (object: string) =>
    api<{ scan: DedupScan; started: boolean }>(`/api/v1/dedup/${seg(object)}/scan`, { method: 'POST' }),
  clusters: (object: string, cursor: string | null, signal?: AbortSignal) =>
    api<DedupClustersPage>(`/api/v1/dedup/${seg(object)}/clusters`, {
      query: { status: 'open', cursor, limit: 20 },
      signal,
    }),
  dismiss: (clusterId: string) =>
    api<{ cluster: DedupReviewCluster }>(`/api/v1/dedup/clusters/${seg(clusterId)}/dismiss`, {
      method: 'POST',
    }),
  settings: (object: string, body: DedupSettings) =>
    api<DedupSettings>(`/api/v1/dedup/${seg(object)}/settings`, { method: 'PUT', body }),
}

/** A scan still at work: the page polls its progress. */
export const isActive = (scan: DedupScan | null | undefined): boolean =>
  scan?.status === 'queued' || scan?.status === 'running'

/** 0..100 for the progress bar: reading is most of the work, the later phases finish it. */
export function percentOf(scan: DedupScan): number {
  if (scan.status === 'done') return 100
  if (scan.phase === 'queued') return 0
  if (scan.phase === 'read') return scan.total ? Math.floor((scan.done / scan.total) * 80) : 0
  return scan.phase === 'score' ? 85 : scan.phase === 'store' ? 90 : 95
}

/** 0..99 while the key index is rebuilt (100 only when it is ready); null until its first batch has counted. */
export function keyIndexPercent(index: DedupKeyIndex): number | null {
  if (index.status === 'ready') return 100
  if (!index.total) return null
  return Math.min(99, Math.floor((index.done / index.total) * 100))
}
