import { describe, expect, it } from 'vitest'
import { isApiKey, newApiKey, newSessionToken, parseApiKey, sha256 } from './tokens.ts'

describe('tokens', () => {
  it('session tokens are 32 random bytes in base64url', () => {
    const a = newSessionToken()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a, 'base64url')).toHaveLength(32)
    expect(newSessionToken()).not.toBe(a)
    expect(isApiKey(a)).toBe(a.startsWith('kemai_'))
  })

  it('API keys look like kemai_<prefix>_<secret> and parse back, even when the secret contains _', () => {
    for (let i = 0; i < 200; i++) {
      const { key, prefix } = newApiKey()
      expect(key).toMatch(/^kemai_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/)
      expect(parseApiKey(key)).toEqual({ prefix })
      expect(isApiKey(key)).toBe(true)
    }
  })

  it('rejects malformed keys', () => {
    const { key } = newApiKey()
    for (const bad of [
      '',
      'kemai_',
      key.slice(0, -1),
      `${key}x`,
      key.replace('kemai_', 'kemia_'),
      `kemai_XYZ_${'a'.repeat(43)}`,
    ]) {
      expect(parseApiKey(bad)).toBeNull()
    }
    expect(parseApiKey(`kemai_${'a'.repeat(10_000_000)}`)).toBeNull()
  })

  it('hashes with SHA-256 hex', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})
