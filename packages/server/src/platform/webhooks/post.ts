import { WEBHOOK_HEADERS } from '@kemai/shared/api/webhooks.api'
import { signWebhook } from './signature.ts'

export interface PostInput {
  url: string
  secret: string
  body: string
  eventType: string
  deliveryId: string
  timeoutMs: number
  /** characters of the answer kept for the delivery log */
  maxResponseChars: number
}

export interface PostResult {
  ok: boolean
  status: number | null
  body: string | null
  error: string | null
  durationMs: number
}

const USER_AGENT = 'Kemai-Webhooks/1'

/**
 * One signed POST. Never throws: a timeout, a refused connection or a non-2xx answer is a failed
 * attempt, described in the result. Redirects are not followed (a 3xx is a failure), so a subscriber
 * cannot bounce the request to another host.
 */
export async function postWebhook(p: PostInput): Promise<PostResult> {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const res = await fetch(p.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(p.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [WEBHOOK_HEADERS.event]: p.eventType,
        [WEBHOOK_HEADERS.delivery]: p.deliveryId,
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: signWebhook(p.secret, timestamp, p.body),
      },
      body: p.body,
    })
    const text = await readLimited(res, p.maxResponseChars)
    const ok = res.status >= 200 && res.status < 300
    return {
      ok,
      status: res.status,
      body: text,
      error: ok ? null : `HTTP ${res.status}`,
      durationMs: elapsed(),
    }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } }
    const message =
      e.name === 'TimeoutError' || e.name === 'AbortError'
        ? `timeout after ${p.timeoutMs} ms`
        : (e.cause?.code ?? e.cause?.message ?? e.message)
    return { ok: false, status: null, body: null, error: message, durationMs: elapsed() }
  }
}

/** Reads at most about `maxChars` of the answer, then drops the rest of the stream. */
async function readLimited(res: Response, maxChars: number): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    while (text.length < maxChars) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  return text.length > maxChars ? text.slice(0, maxChars) : text
}
