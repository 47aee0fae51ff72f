import { describe, expect, it } from 'vitest'
import { parseInline, parseRichText, safeHref } from './rich-text.ts'

describe('markdown-lite of notes', () => {
  it('reads paragraphs, line breaks and lists', () => {
    expect(parseRichText('第一行\n第二行\n\n- 预算\n- 时间\n1. 签约')).toEqual([
      {
        kind: 'paragraph',
        children: [{ kind: 'text', text: '第一行' }, { kind: 'break' }, { kind: 'text', text: '第二行' }],
      },
      {
        kind: 'bullets',
        items: [[{ kind: 'text', text: '预算' }], [{ kind: 'text', text: '时间' }]],
      },
      { kind: 'numbers', items: [[{ kind: 'text', text: '签约' }]] },
    ])
  })

  it('reads bold, italic, code, links and mentions', () => {
    expect(parseInline('**重要** 请 *尽快* 回复 `API` 见 [文档](https://kemai.dev/x)')).toEqual([
      { kind: 'bold', children: [{ kind: 'text', text: '重要' }] },
      { kind: 'text', text: ' 请 ' },
      { kind: 'italic', children: [{ kind: 'text', text: '尽快' }] },
      { kind: 'text', text: ' 回复 ' },
      { kind: 'code', text: 'API' },
      { kind: 'text', text: ' 见 ' },
      { kind: 'link', href: 'https://kemai.dev/x', children: [{ kind: 'text', text: '文档' }] },
    ])
    const [p] = parseRichText('请@林晓跟进，详见 https://kemai.dev/a。', ['林晓'])
    expect(p).toEqual({
      kind: 'paragraph',
      children: [
        { kind: 'text', text: '请' },
        { kind: 'mention', name: '林晓' },
        { kind: 'text', text: '跟进，详见 ' },
        {
          kind: 'link',
          href: 'https://kemai.dev/a',
          children: [{ kind: 'text', text: 'https://kemai.dev/a' }],
        },
        { kind: 'text', text: '。' },
      ],
    })
  })

  it('keeps hostile links and snake_case as plain text', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull()
    expect(parseInline('[点我](javascript:alert(1))')).toEqual([
      { kind: 'text', text: '[点我](javascript:alert(1))' },
    ])
    expect(parseInline('<img src=x onerror=alert(1)> foo_bar_baz')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> foo_bar_baz' },
    ])
  })

  it('handles long input without trouble', () => {
    const long = '**a** '.repeat(20_000)
    const t0 = performance.now()
    const blocks = parseRichText(long)
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(blocks.length).toBe(1)
  })
})
