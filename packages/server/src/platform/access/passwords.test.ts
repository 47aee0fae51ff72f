import { describe, expect, it } from 'vitest'
import {
  checkPasswordPolicy,
  DEFAULT_SCRYPT,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  needsRehash,
  scryptParams,
  verifyPassword,
} from './passwords.ts'

const FAST = { ln: 10, r: 8, p: 1 }

describe('password hashing', () => {
  it('round-trips with the default parameters, which are at least N=16384, r=8, p=1', async () => {
    expect(2 ** DEFAULT_SCRYPT.ln).toBeGreaterThanOrEqual(16384)
    expect(DEFAULT_SCRYPT.r).toBeGreaterThanOrEqual(8)
    const h = await hashPassword('correct horse 电池 staple')
    expect(h).toMatch(/^\$scrypt\$ln=\d+,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(await verifyPassword('correct horse 电池 staple', h)).toBe(true)
    expect(await verifyPassword('correct horse 电池 stapl', h)).toBe(false)
    expect(await verifyPassword('', h)).toBe(false)
  })

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password', FAST),
      hashPassword('same password', FAST),
    ])
    expect(a).not.toBe(b)
    expect(await verifyPassword('same password', a)).toBe(true)
    expect(await verifyPassword('same password', b)).toBe(true)
  })

  it('normalises Unicode so the same visible password matches (NFC)', async () => {
    const h = await hashPassword('caf\u00e9-passw0rd', FAST)
    expect(await verifyPassword('cafe\u0301-passw0rd', h)).toBe(true)
  })

  it('answers false (never throws) for malformed, truncated or out-of-bounds hashes', async () => {
    const h = await hashPassword('a fine password', FAST)
    for (const bad of [
      '',
      'plain',
      h.slice(0, -5),
      h.replace('ln=10', 'ln=31'),
      h.replace('ln=10', 'ln=2'),
      '$2b$10$abc',
    ]) {
      expect(await verifyPassword('a fine password', bad)).toBe(false)
    }
  })

  it('refuses a 10 MB password at once instead of hashing it', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024)
    const h = await hashPassword('a fine password', FAST)
    const t = performance.now()
    expect(await verifyPassword(huge, h)).toBe(false)
    await expect(hashPassword(huge)).rejects.toThrow(RangeError)
    expect(performance.now() - t).toBeLessThan(100)
    expect(checkPasswordPolicy(huge)).toEqual([
      { path: 'password', code: 'too_long', params: { max: MAX_PASSWORD_LENGTH } },
    ])
  })

  it('verifies in constant time with respect to where the guess differs', async () => {
    // timingSafeEqual is used; this checks that a near miss and a total miss cost the same hashing work
    const h = await hashPassword('a fine password', { ln: 12, r: 8, p: 1 })
    const time = async (guess: string) => {
      const t = performance.now()
      expect(await verifyPassword(guess, h)).toBe(false)
      return performance.now() - t
    }
    const near: number[] = []
    const far: number[] = []
    await time('warm up')
    for (let i = 0; i < 15; i++) {
      // interleaved, so that load from other processes hits both alike; medians, so that one stall
      // (garbage collection, a busy CI machine) does not decide
      near.push(await time('a fine passworX'))
      far.push(await time('zzzzzzzzzzzzzzz'))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    expect(Math.max(median(near), median(far)) / Math.min(median(near), median(far))).toBeLessThan(2)
  })

  it('KEMAI_SCRYPT_LN raises the cost; lowering it is honoured only under vitest', () => {
    const saved = { ln: process.env.KEMAI_SCRYPT_LN, vitest: process.env.VITEST }
    try {
      process.env.KEMAI_SCRYPT_LN = '17'
      expect(scryptParams()).toEqual({ ln: 17, r: 8, p: 1 })
      process.env.KEMAI_SCRYPT_LN = '99'
      expect(scryptParams()).toEqual(DEFAULT_SCRYPT)
      process.env.KEMAI_SCRYPT_LN = '10'
      expect(scryptParams().ln).toBe(10)
      delete process.env.VITEST
      expect(scryptParams()).toEqual(DEFAULT_SCRYPT)
    } finally {
      process.env.VITEST = saved.vitest
      if (saved.ln === undefined) delete process.env.KEMAI_SCRYPT_LN
      else process.env.KEMAI_SCRYPT_LN = saved.ln
    }
  })

  it('flags hashes made with weaker parameters for rehashing', async () => {
    const weak = await hashPassword('a fine password', FAST)
    expect(needsRehash(weak, DEFAULT_SCRYPT)).toBe(true)
    expect(needsRehash(weak, FAST)).toBe(false)
    expect(needsRehash('garbage', FAST)).toBe(true)
  })
})

describe('password policy', () => {
  it.each([
    ['', 'required'],
    ['short', 'too_short'],
    ['1234567', 'too_short'],
    ['12345678', 'invalid_value'],
    ['88888888', 'invalid_value'],
    ['Password', 'invalid_value'],
    ['abababab', 'invalid_value'],
    ['        ', 'invalid_value'],
  ])('%j → %s', (pw, code) => {
    expect(checkPasswordPolicy(pw).map((i) => i.code)).toEqual([code])
  })

  it('counts characters, not bytes or UTF-16 units (中文 passwords)', () => {
    expect(checkPasswordPolicy('客脉是好用的系统')).toEqual([])
    expect(checkPasswordPolicy('😀😀😀😀😀😀😀').map((i) => i.code)).toEqual(['too_short'])
  })

  it('refuses the email or its local part as the password, and accepts the demo password', () => {
    expect(checkPasswordPolicy('zhang.wei', { email: 'Zhang.Wei@example.cn' })).toHaveLength(1)
    expect(checkPasswordPolicy('zhang.wei@example.cn', { email: 'zhang.wei@example.cn' })).toHaveLength(1)
    expect(checkPasswordPolicy('kemai-demo', { email: 'demo@kemai.local' })).toEqual([])
  })

  it('reports at the given path', () => {
    expect(checkPasswordPolicy('x', { path: 'owner.password' })[0]?.path).toBe('owner.password')
  })
})
