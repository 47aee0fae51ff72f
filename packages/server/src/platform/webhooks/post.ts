import { request as httpRequest, type RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { WEBHOOK_HEADERS } from '@kemai/shared/api/webhooks.api'
import { signWebhook } from './signature.ts'
import { BlockedAddressError, guardedLookup, isBlockedAddress } from './ssrf.ts'

export interface PostInput {
  url: string
  secret: string
  body: string
  eventType: string
  deliveryId: string
  timeoutMs: number
  /** characters of the answer kept for the delivery log */
  maxResponseChars: number
  /** allow loopback and private addresses (KEMAI_WEBHOOK_ALLOW_PRIVATE=1; tests, on-premise targets) */
  allowPrivateNetworks: boolean
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
 * cannot bounce the request to another host. Unless `allowPrivateNetworks`, loopback, private, link-local
 * and reserved addresses are refused (ssrf.ts), for IP literals and for every address a name resolves to.
 */
export async function postWebhook(p: PostInput): Promise<PostResult> {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const r = await sendRequest({
    url: p.url,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      [WEBHOOK_HEADERS.event]: p.eventType,
      [WEBHOOK_HEADERS.delivery]: p.deliveryId,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: signWebhook(p.secret, timestamp, p.body),
    },
    body: p.body,
    timeoutMs: p.timeoutMs,
    maxResponseChars: p.maxResponseChars,
    allowPrivateNetworks: p.allowPrivateNetworks,
  })
  return { ok: r.ok, status: r.status, body: r.body, error: r.error, durationMs: r.durationMs }
}

export interface RequestInput {
  url: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  headers: Record<string, string>
  body: string | null
  timeoutMs: number
  maxResponseChars: number
  allowPrivateNetworks: boolean
}

export interface RequestResult extends PostResult {
  headers: Record<string, string>
}

/**
 * One outgoing HTTP request (webhook deliveries, a workflow's HTTP step). Never throws: a timeout, a refused
 * connection or a non-2xx answer is a failed result. Redirects are not followed (a 3xx is a failure), so a
 * target cannot bounce the request to another host. Unless `allowPrivateNetworks`, loopback, private,
 * link-local and reserved addresses are refused (ssrf.ts), for IP literals and for every address a name
 * resolves to.
 */
export async function sendRequest(p: RequestInput): Promise<RequestResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const failed = (error: string): RequestResult => ({
    ok: false,
    status: null,
    body: null,
    headers: {},
    error,
    durationMs: elapsed(),
  })
  let url: URL
  try {
    url = new URL(p.url)
  } catch {
    return failed('invalid url')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed('invalid url')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!p.allowPrivateNetworks && isIP(host) && isBlockedAddress(host))
    return failed(`blocked address ${host}`)
  const body = p.body === null ? null : Buffer.from(p.body, 'utf8')
  try {
    const res = await send(
      url,
      {
        method: p.method,
        signal: AbortSignal.timeout(p.timeoutMs),
        ...(p.allowPrivateNetworks ? {} : { lookup: guardedLookup as unknown as LookupFunction }),
        headers: {
          'user-agent': USER_AGENT,
          ...p.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
      },
      body,
      p.maxResponseChars,
    )
    const ok = res.status >= 200 && res.status < 300
    return {
      ok,
      status: res.status,
      body: res.text,
      headers: res.headers,
      error: ok ? null : `HTTP ${res.status}`,
      durationMs: elapsed(),
    }
  } catch (err) {
    const e = err as Error & { code?: string }
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return failed(`timeout after ${p.timeoutMs} ms`)
    if (e instanceof BlockedAddressError) return failed(e.message)
    return failed(e.code ?? e.message)
  }
}

/** The request over node:http(s); resolves with the status and at most about `maxChars` of the answer. */
function send(
  url: URL,
  options: RequestOptions,
  body: Buffer | null,
  maxChars: number,
): Promise<{ status: number; text: string; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res) => {
      const decoder = new TextDecoder()
      let text = ''
      const finish = () => {
        res.destroy()
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
        resolve({
          status: res.statusCode ?? 0,
          text: text.length > maxChars ? text.slice(0, maxChars) : text,
          headers,
        })
      }
      res.on('data', (chunk: Buffer) => {
        text += decoder.decode(chunk, { stream: true })
        if (text.length >= maxChars) finish()
      })
      res.on('end', finish)
      res.on('error', reject)
    })
    req.on('error', reject)
    if (body) req.end(body)
    else req.end()
  })
}
