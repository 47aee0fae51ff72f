import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { zodIssues } from './zod-issues.ts'

describe('zod issues → field issues', () => {
  it('tells a missing member from one of the wrong type', () => {
    const s = z.object({ a: z.string(), done: z.boolean().optional(), n: z.number().max(3) })
    const r = s.safeParse({ done: 'yes', n: 4 })
    expect(r.success).toBe(false)
    expect(zodIssues(r.error!)).toEqual([
      { path: 'a', code: 'required' },
      { path: 'done', code: 'invalid_type', params: { expected: 'boolean' } },
      { path: 'n', code: 'too_big', params: { max: 3 } },
    ])
  })
})
