import type { Problem } from '@kemai/shared/errors'
import type { Locale } from '@kemai/shared/i18n/messages'

/**
 * The one way the web app talks to the server. Sessions travel as the httpOnly `kemai_session` cookie
 * (same origin, so `credentials: 'same-origin'`); every call says the UI language in Accept-Language so
 * that problem+json messages come back in it (docs/api.md "Errors").
 */

/** A failed call: the server's problem+json body, or one made up for a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.title)
    this.name = 'ApiError'
  }
  /** Per-field messages by path (`email`, `amount.currency`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem.errors ?? []) if (!(e.path in out)) out[e.path] = e.message
    return out
  }
}

let currentLocale: Locale = 'zh-CN'
const unauthenticatedListeners = new Set<() => void>()

export function setApiLocale(locale: Locale): void {
  currentLocale = locale
}

/** Called when any call answers 401 (the session ended): the app goes back to the login page. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Record<string, string | number | boolean | undefined | null>
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null) params.set(k, String(v))
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

function isProblem(v: unknown): v is Problem {
  return typeof v === 'object' && v !== null && 'status' in v && 'title' in v && 'code' in v
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': currentLocale, ...opts.headers }
  // a Blob (a File) is sent as the raw body: uploads (docs/files.md); anything else as JSON
  const raw = opts.body instanceof Blob ? opts.body : null
  if (opts.body !== undefined)
    headers['Content-Type'] = raw ? raw.type || 'application/octet-stream' : 'application/json'
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'internal' })
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (!res.ok) {
    const problem: Problem = isProblem(data)
      ? data
      : { type: 'about:blank', title: res.statusText, status: res.status, code: 'internal' }
    if (res.status === 401 && !path.endsWith('/auth/login')) for (const l of unauthenticatedListeners) l()
    throw new ApiError(res.status, problem)
  }
  return data as T
}
