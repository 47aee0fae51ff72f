import { describe, expect, it } from 'vitest'
import { chineseName, englishName, toAscii } from './names.ts'
import { createRng } from './rng.ts'

const N = 2000

describe('names', () => {
  it('makes non-empty Chinese names split into family and given name', () => {
    const rng = createRng(31)
    for (let i = 0; i < N; i++) {
      const n = chineseName(rng)
      expect(n.family_name.length).toBeGreaterThan(0)
      expect(n.given_name.length).toBeGreaterThanOrEqual(1)
      expect(n.given_name.length).toBeLessThanOrEqual(2)
      expect(n.name).toBe(n.family_name + n.given_name)
      expect(n.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/)
      expect(n.latin.family).toMatch(/^[a-z]+$/)
      expect(n.latin.given).toMatch(/^[a-z]+$/)
    }
  })

  it('draws common surnames most often', () => {
    const rng = createRng(32)
    const counts = new Map<string, number>()
    for (let i = 0; i < 5000; i++) {
      const f = chineseName(rng).family_name
      counts.set(f, (counts.get(f) ?? 0) + 1)
    }
    const top = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([f]) => f)
    expect(top).toEqual(expect.arrayContaining(['王', '李', '张']))
  })

  it('makes non-empty English names and ASCII spellings for e-mail', () => {
    const rng = createRng(33)
    for (let i = 0; i < 500; i++) {
      const n = englishName(rng)
      expect(n.name).toBe(`${n.given_name} ${n.family_name}`)
      expect(n.latin.family).toMatch(/^[a-z]+$/)
    }
    expect(toAscii('Müller')).toBe('muller')
    expect(toAscii("O'Brien")).toBe('obrien')
    expect(toAscii('Lefèvre')).toBe('lefevre')
  })
})
