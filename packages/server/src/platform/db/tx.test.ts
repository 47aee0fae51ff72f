import { CompiledQuery } from 'kysely'
import { describe, expect, it } from 'vitest'
import { inlineLiterals } from './tx.ts'

const U1 = '0190a4b2-7c3e-7d4f-8a5b-6c7d8e9f0a1b'
const U2 = '0190a4b2-7c3e-7d4f-8a5b-6c7d8e9f0a1c'

describe('inlineLiterals (the lead read shares BEGIN’s simple-protocol round trip)', () => {
  it('writes UUIDs, safe integers, booleans, null and UUID arrays as literals', () => {
    const q = CompiledQuery.raw(
      'select * from t where a = $1 and b = $2 and c = $3 and d is $4 and e = any($5::uuid[]) and f = $10',
      [U1, 42, true, null, [U1, U2], 0, 0, 0, 0, -7],
    )
    expect(inlineLiterals(q)).toBe(
      `select * from t where a = '${U1}' and b = 42 and c = true and d is null and e = any('{${U1},${U2}}'::uuid[]) and f = -7`,
    )
  })

  it('refuses anything that could carry a quote or is not exact', () => {
    for (const p of [
      "x' or 1=1 --",
      'abc',
      1.5,
      Number.MAX_SAFE_INTEGER + 2,
      new Date(),
      { a: 1 },
      ['x'],
      [U1, "'"],
    ])
      expect(inlineLiterals(CompiledQuery.raw('select $1', [p])), String(p)).toBeNull()
    // a placeholder without its parameter, and a second statement, are refused too
    expect(inlineLiterals(CompiledQuery.raw('select $1, $2', [1]))).toBeNull()
    expect(inlineLiterals(CompiledQuery.raw('select 1; select $1', [1]))).toBeNull()
  })
})
