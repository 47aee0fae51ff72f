import { beforeEach, describe, expect, it } from 'vitest'
import { loadListContext, MAX_IDS, neighboursIn, saveListContext } from './list-context.ts'

const list = '/o/person?sort=-created_at'

describe('list context (prev / next through the list a record was opened from)', () => {
  beforeEach(() => window.sessionStorage.clear())

  it('finds the neighbours of a record in the saved order', () => {
    saveListContext(list, ['a', 'b', 'c'])
    expect(neighboursIn(list, 'a')).toEqual({ prev: null, next: 'b', index: 0, loaded: 3 })
    expect(neighboursIn(list, 'b')).toEqual({ prev: 'a', next: 'c', index: 1, loaded: 3 })
    expect(neighboursIn(list, 'c')).toEqual({ prev: 'b', next: null, index: 2, loaded: 3 })
  })

  it('keeps lists apart by URL, and knows nothing of a record outside its list', () => {
    saveListContext(list, ['a', 'b'])
    saveListContext('/o/person?sort=name', ['b', 'a'])
    expect(neighboursIn('/o/person?sort=name', 'b')?.next).toBe('a')
    expect(neighboursIn(list, 'z')).toBeNull()
    expect(neighboursIn('/o/company', 'a')).toBeNull()
    expect(neighboursIn(null, 'a')).toBeNull()
  })

  it('replaces a list saved again (more rows loaded since)', () => {
    saveListContext(list, ['a', 'b'])
    saveListContext(list, ['a', 'b', 'c', 'd'])
    expect(neighboursIn(list, 'b')?.next).toBe('c')
  })

  it('ignores what it cannot read, and caps what it stores', () => {
    window.sessionStorage.setItem(`kemai.list:${list}`, '{not json')
    expect(loadListContext(list)).toBeNull()
    window.sessionStorage.setItem(`kemai.list:${list}`, JSON.stringify({ ids: [1, 2] }))
    expect(loadListContext(list)).toBeNull()
    const many = Array.from({ length: MAX_IDS + 10 }, (_, i) => `r${i}`)
    saveListContext(list, many)
    expect(loadListContext(list)?.length).toBe(MAX_IDS)
  })

  it('remembers at most 20 lists per tab, dropping the oldest', () => {
    for (let i = 0; i < 25; i++) saveListContext(`/o/person?page=${i}`, [`r${i}`])
    expect(loadListContext('/o/person?page=0')).toBeNull()
    expect(loadListContext('/o/person?page=24')).toEqual(['r24'])
    const kept = Object.keys(window.sessionStorage).filter((k) => k.startsWith('kemai.list:'))
    expect(kept.length).toBe(20)
  })
})
