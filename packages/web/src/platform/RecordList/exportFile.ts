import type { Problem } from '@kemai/shared/errors'
import { ApiError, buildUrl } from '../api-client.ts'

export type ExportFormat = 'csv' | 'xlsx' | 'vcf'

/** The file name a Content-Disposition gives: RFC 5987 `filename*` first, then `filename`; null if none. */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1]!)
    } catch {
      // a broken encoding: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;\s]+)/i.exec(header)
  return plain?.[1] || null
}

/**
 * Downloads `GET /records/{object}/export.csv|xlsx|vcf` (filter and sort as the list has them) as a file. It is
 * fetched rather than linked so that a refusal (too many rows, a bad filter, no right) comes back as the
 * server's problem+json message in the UI language instead of a downloaded error page.
 */
export async function downloadExport(
  object: string,
  format: ExportFormat,
  query: { filter: string | null; sort: string | null; columns?: string | null },
  locale: string,
): Promise<void> {
  const url = buildUrl(`/api/v1/records/${encodeURIComponent(object)}/export.${format}`, {
    filter: query.filter,
    sort: query.sort,
    columns: query.columns ?? null,
  })
  await downloadFile(url, `${object}.${format}`, locale)
}

/** Fetches a file and saves it under the name its Content-Disposition gives; a refusal throws its ApiError. */
export async function downloadFile(url: string, fallbackName: string, locale: string): Promise<void> {
  let res: Response
  try {
    res = await fetch(url, { headers: { 'Accept-Language': locale }, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'internal' })
  }
  if (!res.ok) {
    let problem: Problem = {
      type: 'about:blank',
      title: res.statusText,
      status: res.status,
      code: 'internal',
    }
    try {
      problem = (await res.json()) as Problem
    } catch {
      // not a problem body: keep the status text
    }
    throw new ApiError(res.status, problem)
  }
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  // the server names the file in the user's language (联系人.vcf)
  a.download = dispositionFilename(res.headers.get('content-disposition')) ?? fallbackName
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}
