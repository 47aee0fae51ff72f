import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** A new webhook secret: 32 random bytes, shown to the user once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`
}

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, keyed with the secret as UTF-8 text. Signing the
 * timestamp with the body lets a receiver refuse replays of an old delivery.
 * @example signWebhook('whsec_…', '1764000000', '{"id":…}') // 'sha256=5f2c…'
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/**
 * What a receiver does (docs/webhooks.md): recompute the signature, compare in constant time, and
 * refuse timestamps more than `toleranceSeconds` away from now.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const { signature, timestamp } = headers
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false
  const now = opts.now ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(signWebhook(secret, timestamp, body))
  const got = Buffer.from(signature)
  return got.length === expected.length && timingSafeEqual(got, expected)
}
