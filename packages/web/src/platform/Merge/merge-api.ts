import type {
  MergeHistory,
  MergePreview,
  MergeRequest,
  MergeResponse,
  UnmergeResponse,
} from '@kemai/shared/api/merge.api'
import { api } from '../api-client.ts'

const seg = encodeURIComponent

/** Merge and unmerge (docs/merge.md); types from the shared schemas. */
export const mergeApi = {
  preview: (object: string, ids: string[], signal?: AbortSignal) =>
    api<MergePreview>(`/api/v1/records/${seg(object)}/merge/preview`, {
      query: { ids: ids.join(',') },
      signal,
    }),
  merge: (object: string, body: MergeRequest) =>
    api<MergeResponse>(`/api/v1/records/${seg(object)}/merge`, { method: 'POST', body }),
  history: (object: string, id: string, signal?: AbortSignal) =>
    api<MergeHistory>(`/api/v1/records/${seg(object)}/${seg(id)}/merges`, { signal }),
  undo: (mergeId: string, force = false) =>
    api<UnmergeResponse>(`/api/v1/merges/${seg(mergeId)}/undo`, { method: 'POST', body: { force } }),
}
