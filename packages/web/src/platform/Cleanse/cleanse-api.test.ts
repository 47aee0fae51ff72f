import { describe, expect, it } from 'vitest'
import { applyItems, rowsOf } from './cleanse-api.ts'

describe('cleanse rows', () => {
  const data = [
    {
      id: 'a',
      version: 2,
      title: '张 伟',
      fixes: [
        { field: 'name', rules: ['cjk_name_spaces' as const], old: '张 伟', new: '张伟' },
        { field: 'title', rules: ['fullwidth' as const], old: 'ＣＥＯ', new: 'CEO' },
      ],
    },
    {
      id: 'b',
      version: 1,
      title: 'B',
      fixes: [{ field: 'tags', rules: ['tags' as const], old: ['a', 'A'], new: ['a'] }],
    },
  ]

  it('flattens suggestions into one row per field and groups them back per record', () => {
    const rows = rowsOf(data)
    expect(rows.map((r) => r.key)).toEqual(['a:name', 'a:title', 'b:tags'])
    expect(applyItems(rows)).toEqual([
      [
        { id: 'a', version: 2, fields: ['name', 'title'] },
        { id: 'b', version: 1, fields: ['tags'] },
      ],
    ])
    expect(applyItems([rows[1]!])).toEqual([[{ id: 'a', version: 2, fields: ['title'] }]])
  })

  it('splits large selections into API-sized chunks', () => {
    const many = Array.from({ length: 1201 }, (_, i) => ({
      ...rowsOf(data)[0]!,
      id: `r${i}`,
      key: `r${i}:name`,
    }))
    expect(applyItems(many).map((c) => c.length)).toEqual([500, 500, 201])
  })
})
