import type {
  CleanseApplyBody,
  CleanseApplyResponse,
  CleanseScanBody,
  CleanseScanResponse,
} from '@kemai/shared/api/cleanse.api'
import { api } from '../api-client.ts'

const seg = encodeURIComponent

export const cleanseApi = {
  scan: (object: string, body: CleanseScanBody, signal?: AbortSignal) =>
    api<CleanseScanResponse>(`/api/v1/records/${seg(object)}/cleanse/scan`, { method: 'POST', body, signal }),
  apply: (object: string, body: CleanseApplyBody) =>
    api<CleanseApplyResponse>(`/api/v1/records/${seg(object)}/cleanse/apply`, { method: 'POST', body }),
}

export interface FixRow {
  /** `${recordId}:${field}` */
  key: string
  id: string
  version: number
  title: string
  field: string
  rules: string[]
  old: unknown
  new: unknown
  /** the server's message when applying it failed */
  error?: string
}

/** Suggestions → one row per field fix (what the table shows and the user selects). */
export function rowsOf(data: CleanseScanResponse['data']): FixRow[] {
  return data.flatMap((s) =>
    s.fixes.map((f) => ({
      key: `${s.id}:${f.field}`,
      id: s.id,
      version: s.version,
      title: s.title,
      field: f.field,
      rules: f.rules,
      old: f.old,
      new: f.new,
    })),
  )
}

/** Selected rows → apply items (one per record, its chosen fields), in chunks the API accepts. */
export function applyItems(rows: FixRow[], chunk = 500): CleanseApplyBody['items'][] {
  const byId = new Map<string, { id: string; version: number; fields: string[] }>()
  for (const r of rows) {
    const item = byId.get(r.id) ?? { id: r.id, version: r.version, fields: [] }
    item.fields.push(r.field)
    byId.set(r.id, item)
  }
  const items = [...byId.values()]
  const out: CleanseApplyBody['items'][] = []
  for (let i = 0; i < items.length; i += chunk) out.push(items.slice(i, i + chunk))
  return out
}
