import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { newWebhookSecret, signWebhook, verifyWebhook } from './signature.ts'

describe('webhook signature', () => {
  const secret = 'whsec_test'
  const body = '{"id":"1","type":"record.created","payload":{"name":"张伟"}}'
  const now = 1_764_000_000
  const ts = String(now)

  it('is the hex HMAC-SHA256 of "timestamp.body" keyed with the secret', () => {
    const hex = createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex')
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${hex}`)
  })

  it('verifies, and refuses a changed body, another secret, another timestamp or a stale one', () => {
    const signature = signWebhook(secret, ts, body)
    expect(verifyWebhook(secret, { signature, timestamp: ts }, body, { now })).toBe(true)
    expect(verifyWebhook(secret, { signature, timestamp: ts }, body.replace('张伟', '李娜'), { now })).toBe(
      false,
    )
    expect(verifyWebhook('whsec_other', { signature, timestamp: ts }, body, { now })).toBe(false)
    expect(verifyWebhook(secret, { signature, timestamp: String(now + 1) }, body, { now })).toBe(false)
    expect(verifyWebhook(secret, { signature, timestamp: ts }, body, { now: now + 301 })).toBe(false)
    expect(verifyWebhook(secret, { signature: undefined, timestamp: ts }, body, { now })).toBe(false)
    expect(verifyWebhook(secret, { signature: 'sha256=00', timestamp: ts }, body, { now })).toBe(false)
  })

  it('generates distinct 256-bit secrets', () => {
    const a = newWebhookSecret()
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    expect(newWebhookSecret()).not.toBe(a)
  })
})
