import type { FileInfo } from '@kemai/shared/api/files.api'
import { api } from '../api-client.ts'

const seg = encodeURIComponent
const base = (object: string, id: string) => `/api/v1/records/${seg(object)}/${seg(id)}/attachments`

/** A record's files (docs/files.md): the upload's body is the file itself, its name in the query. */
export const attachmentsApi = {
  list: (object: string, id: string, signal?: AbortSignal) =>
    api<{ data: FileInfo[] }>(base(object, id), { signal }),
  upload: (object: string, id: string, file: File) =>
    api<FileInfo>(base(object, id), { method: 'POST', query: { name: file.name }, body: file }),
  remove: (fileId: string) => api<void>(`/api/v1/files/${seg(fileId)}`, { method: 'DELETE' }),
  /** the bytes; `download` forces a download even for types shown inline (images, PDF) */
  contentUrl: (fileId: string, download = false) =>
    `/api/v1/files/${seg(fileId)}/content${download ? '?download=1' : ''}`,
}
