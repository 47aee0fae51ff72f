import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postWebhook } from './post.ts'
import { isBlockedAddress } from './ssrf.ts'

describe('webhook SSRF guard', () => {
  it('refuses loopback, private, link-local, reserved and mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an ip',
      '',
    ])
      expect(isBlockedAddress(a), a).toBe(true)
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(isBlockedAddress(a), a).toBe(false)
  })

  it('blocks every address of the private IPv4 blocks (property)', () => {
    const octet = fc.integer({ min: 0, max: 255 })
    fc.assert(
      fc.property(octet, octet, octet, (b, c, d) => {
        expect(isBlockedAddress(`10.${b}.${c}.${d}`)).toBe(true)
        expect(isBlockedAddress(`127.${b}.${c}.${d}`)).toBe(true)
        expect(isBlockedAddress(`192.168.${c}.${d}`)).toBe(true)
        expect(isBlockedAddress(`172.${16 + (b % 16)}.${c}.${d}`)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  describe('postWebhook', () => {
    let hits = 0
    const server = createServer((req, res) => {
      hits++
      req.resume()
      res.end('ok')
    })
    let port = 0
    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      port = (server.address() as AddressInfo).port
    })
    afterAll(async () => {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    })
    const post = (url: string, allowPrivateNetworks: boolean) =>
      postWebhook({
        url,
        secret: 's',
        body: '{"x":1}',
        eventType: 'record.created',
        deliveryId: 'd1',
        timeoutMs: 2000,
        maxResponseChars: 100,
        allowPrivateNetworks,
      })

    it('does not call a loopback literal or a name resolving to loopback, unless allowed', async () => {
      const literal = await post(`http://127.0.0.1:${port}/hook`, false)
      expect(literal).toMatchObject({ ok: false, status: null, error: 'blocked address 127.0.0.1' })
      const named = await post(`http://localhost:${port}/hook`, false)
      expect(named.ok).toBe(false)
      expect(named.error).toMatch(/^blocked address (127\.0\.0\.1|::1)$/)
      const v6 = await post(`http://[::1]:${port}/hook`, false)
      expect(v6.error).toBe('blocked address ::1')
      expect(hits).toBe(0)
      const allowed = await post(`http://127.0.0.1:${port}/hook`, true)
      expect(allowed).toMatchObject({ ok: true, status: 200, body: 'ok', error: null })
      expect(hits).toBe(1)
    })

    it('describes a refused connection and a bad URL as failed attempts', async () => {
      const closed = await post('http://127.0.0.1:1/hook', true)
      expect(closed).toMatchObject({ ok: false, status: null, error: 'ECONNREFUSED' })
      expect((await post('ftp://example.com/x', true)).error).toBe('invalid url')
      expect((await post('not a url', true)).error).toBe('invalid url')
    })
  })
})
