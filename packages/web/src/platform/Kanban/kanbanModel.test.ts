import { describe, expect, it, vi } from 'vitest'
import { personRecord } from '../../test/fixtures.ts'
import { ApiError } from '../api-client.ts'
import type { RecordDto } from '../endpoints.ts'
import { type Board, commitMove, isStale, moveCard, NO_VALUE } from './kanbanModel.ts'

const card = (name: string, stage: string | null) => personRecord(name, { stage }) as RecordDto
const board = (): Board => [
  { key: 'new', cards: [card('张伟', 'new'), card('李娜', 'new')], count: 12, sums: {} },
  { key: 'won', cards: [card('王芳', 'won')], count: 3, sums: {} },
  { key: NO_VALUE, cards: [], count: 0, sums: {} },
]

describe('kanban moves', () => {
  it('moves a card on top of another column, with counts and the field value', () => {
    const b = board()
    const id = b[0]?.cards[1]?.id as string
    const next = moveCard(b, id, 'won', 'stage')
    expect(next[0]?.cards.map((c) => c.name)).toEqual(['张伟'])
    expect(next[0]?.count).toBe(11)
    expect(next[1]?.cards.map((c) => [c.name, c.stage])).toEqual([
      ['李娜', 'won'],
      ['王芳', 'won'],
    ])
    expect(next[1]?.count).toBe(4)
    // to "no value": the field becomes null
    expect(moveCard(b, id, NO_VALUE, 'stage')[2]?.cards[0]?.stage).toBeNull()
    // same column, unknown card or column: nothing changes
    expect(moveCard(b, id, 'new', 'stage')).toBe(b)
    expect(moveCard(b, 'nope', 'won', 'stage')).toBe(b)
    expect(moveCard(b, id, 'lost', 'stage')).toBe(b)
  })

  it('keeps the server record after a save, and rolls back on a 409 with its message', async () => {
    let state = board()
    const set = (n: Board | ((b: Board) => Board)) => {
      state = typeof n === 'function' ? n(state) : n
    }
    const id = state[0]?.cards[0]?.id as string
    const ok = await commitMove(state, id, 'won', 'stage', set, async (c, v) => ({
      ...c,
      stage: v,
      version: 2,
    }))
    expect(ok).toEqual({ ok: true })
    expect(state[1]?.cards[0]).toMatchObject({ id, stage: 'won', version: 2 })

    const before = state
    const conflict = new ApiError(409, {
      type: 'about:blank',
      title: '记录已被他人修改',
      status: 409,
      code: 'version_conflict',
    })
    const save = vi.fn(async () => {
      // while the request is out, the card already shows in the new column
      expect(state[0]?.cards.some((c) => c.id === id)).toBe(true)
      throw conflict
    })
    const failed = await commitMove(state, id, 'new', 'stage', set, save)
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ id, version: 2 }), 'new')
    expect(failed).toEqual({ ok: false, error: conflict })
    expect(state).toBe(before)
  })

  it('flags cards not updated for N days', () => {
    const now = new Date('2026-12-05T00:00:00Z')
    expect(isStale(card('a', null), now)).toBe(
      Date.parse(String(card('a', null).updated_at)) < now.getTime() - 7 * 86_400_000,
    )
    expect(isStale({ ...card('a', null), updated_at: '2026-11-20T00:00:00Z' }, now)).toBe(true)
    expect(isStale({ ...card('a', null), updated_at: '2026-12-01T00:00:00Z' }, now)).toBe(false)
    expect(isStale({ ...card('a', null), updated_at: '2026-12-01T00:00:00Z' }, now, 3)).toBe(true)
  })
})
