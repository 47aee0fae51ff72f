import { describe, expect, it } from 'vitest'
import { demoActivity } from './activities.ts'
import { createRng } from './rng.ts'

const N = 2000

describe('demoActivity', () => {
  it('dates activities within the last twelve months, and open tasks get a due date', () => {
    const rng = createRng(51)
    const now = new Date('2026-03-15T04:00:00Z')
    const yearAgo = now.getTime() - 366 * 86_400_000
    for (let i = 0; i < N; i++) {
      const a = demoActivity(rng, {
        lang: i % 2 ? 'zh' : 'en',
        person: '张伟',
        company: '阿里巴巴(中国)有限公司',
        now,
      })
      const at = Date.parse(a.occurred_at)
      expect(at).toBeLessThanOrEqual(now.getTime())
      expect(at).toBeGreaterThan(yearAgo)
      expect(a.subject).not.toMatch(/[{}]/)
      expect(a.body).not.toMatch(/[{}]/)
      if (a.type === 'task') {
        expect(a.due_at).toBeDefined()
        if (a.done) expect(Date.parse(a.due_at!)).toBeLessThan(now.getTime())
      } else {
        expect(a.due_at).toBeUndefined()
      }
    }
  })
})
