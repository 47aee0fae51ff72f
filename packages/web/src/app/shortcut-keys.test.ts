import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Chord,
  chordOf,
  completes,
  displayChords,
  ignoredTarget,
  isPrefix,
  parseSequence,
} from './shortcut-keys.ts'

const key = (k: string, o: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) =>
  chordOf({ key: k, ctrlKey: !!o.ctrl, metaKey: !!o.meta, shiftKey: !!o.shift, altKey: !!o.alt })!

describe('shortcut keys', () => {
  it('parses sequences and modifiers', () => {
    expect(parseSequence('g s')).toEqual([
      { key: 'g', mod: false, shift: false, alt: false },
      { key: 's', mod: false, shift: false, alt: false },
    ])
    expect(parseSequence('mod+K')).toEqual([{ key: 'k', mod: true, shift: false, alt: false }])
    expect(() => parseSequence('')).toThrow(/empty/)
    expect(() => parseSequence('hyper+x')).toThrow(/unknown modifier/)
  })

  it('treats Ctrl and ⌘ alike, and ? as itself although Shift is held', () => {
    const seq = parseSequence('mod+k')
    expect(completes([key('k', { ctrl: true })], seq)).toBe(true)
    expect(completes([key('K', { meta: true })], seq)).toBe(true)
    expect(completes([key('k')], seq)).toBe(false)
    expect(completes([key('?', { shift: true })], parseSequence('?'))).toBe(true)
    expect(
      chordOf({ key: 'Shift', ctrlKey: false, metaKey: false, shiftKey: true, altKey: false }),
    ).toBeNull()
  })

  it('matches a sequence at the end of what was pressed and knows a started one', () => {
    const seq = parseSequence('g s')
    expect(isPrefix([key('g')], seq)).toBe(true)
    expect(isPrefix([key('x'), key('g')], seq)).toBe(true)
    expect(isPrefix([key('s')], seq)).toBe(false)
    expect(completes([key('x'), key('g'), key('s')], seq)).toBe(true)
    expect(completes([key('g'), key('x')], seq)).toBe(false)
  })

  it('never completes a sequence that was not typed (property)', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''))
    fc.assert(
      fc.property(
        fc.array(letter, { minLength: 1, maxLength: 3 }),
        fc.array(letter, { maxLength: 6 }),
        (s, typed) => {
          const seq = parseSequence(s.join(' '))
          const pressed: Chord[] = typed.map((k) => key(k))
          const typedEndsWithSeq = typed.slice(typed.length - s.length).join(' ') === s.join(' ')
          return completes(pressed, seq) === (typed.length >= s.length && typedEndsWithSeq)
        },
      ),
    )
  })

  it('shows chords per platform', () => {
    expect(displayChords('mod+k', true)).toEqual([['⌘', 'K']])
    expect(displayChords('mod+k', false)).toEqual([['Ctrl', 'K']])
    expect(displayChords('g s', false)).toEqual([['G'], ['S']])
    expect(displayChords('escape', false)).toEqual([['Escape']])
  })

  it('leaves typing alone unless Ctrl/⌘ is held', () => {
    const input = document.createElement('input')
    const div = document.createElement('div')
    expect(ignoredTarget(input, key('g'))).toBe(true)
    expect(ignoredTarget(input, key('k', { ctrl: true }))).toBe(false)
    expect(ignoredTarget(div, key('g'))).toBe(false)
    expect(ignoredTarget(null, key('g'))).toBe(false)
  })
})
