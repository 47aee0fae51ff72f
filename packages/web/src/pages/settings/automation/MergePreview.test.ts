import { describe, expect, it } from 'vitest'
import { mergeParts } from './MergePreview.tsx'

describe('mergeParts', () => {
  it('splits a text into plain parts and merge fields, keeping every character', () => {
    const text = '您好 {{trigger.record.name}}，今天是{{today}}。{{ now }}'
    const parts = mergeParts(text)
    expect(parts).toEqual([
      { text: '您好 ', field: false },
      { text: '{{trigger.record.name}}', field: true },
      { text: '，今天是', field: false },
      { text: '{{today}}', field: true },
      { text: '。', field: false },
      { text: '{{ now }}', field: true },
    ])
    expect(parts.map((p) => p.text).join('')).toBe(text)
  })

  it('leaves unbalanced or nested braces as text', () => {
    expect(mergeParts('{{a')).toEqual([{ text: '{{a', field: false }])
    expect(mergeParts('{{{x}}}')).toEqual([
      { text: '{', field: false },
      { text: '{{x}}', field: true },
      { text: '}', field: false },
    ])
    expect(mergeParts('')).toEqual([])
  })
})
