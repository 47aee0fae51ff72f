import { describe, expect, it } from 'vitest'
import { mentionedIds } from './mentions.ts'

const users = new Map([
  ['u1', '林晓'],
  ['u2', '张伟'],
  ['u3', '张伟'],
  ['u4', 'Amy Chen'],
])

describe('mentions of a note', () => {
  it('sends the users picked from the popup whose @name is still in the text', () => {
    const picked = new Map([
      ['张伟', 'u3'],
      ['林晓', 'u1'],
    ])
    expect(mentionedIds('请@张伟 看一下', picked, users)).toEqual(['u3'])
    expect(mentionedIds('@林晓 @张伟 明天开会', picked, users).sort()).toEqual(['u1', 'u3'])
  })

  it('counts a typed name only when one user has it', () => {
    expect(mentionedIds('@张伟 和 @Amy Chen 跟进', new Map(), users)).toEqual(['u4'])
    expect(mentionedIds('@林晓跟进', new Map(), users)).toEqual(['u1'])
    expect(mentionedIds('邮件 amy@example.com', new Map(), users)).toEqual([])
  })

  it('sends at most 20 (the API limit)', () => {
    const many = new Map(Array.from({ length: 30 }, (_, i) => [`u${i}`, `用户${i}号`]))
    const text = [...many.values()].map((n) => `@${n}`).join(' ')
    expect(mentionedIds(text, new Map(), many).length).toBe(20)
  })
})
