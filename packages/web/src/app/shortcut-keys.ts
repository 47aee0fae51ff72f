/**
 * Keyboard shortcuts as data: a shortcut is a sequence of chords written `g s` (press g, then s),
 * `?`, `mod+k` (Ctrl on Windows/Linux, ⌘ on macOS) or `shift+n`. The matcher is pure so it can be
 * tested without a DOM; `shortcuts.tsx` feeds it key events.
 */

export interface Chord {
  key: string
  mod: boolean
  shift: boolean
  alt: boolean
}

/** How long the next key of a sequence may take (ms). */
export const SEQUENCE_TIMEOUT_MS = 1200

/** Keys whose character already says whether Shift was held (`?` is Shift+/). */
const SHIFTED_SYMBOLS = new Set('~!@#$%^&*()_+{}|:"<>?'.split(''))

export function parseSequence(spec: string): Chord[] {
  const chords = spec.trim().split(/\s+/)
  if (!chords[0]) throw new Error(`empty shortcut: "${spec}"`)
  return chords.map((c) => {
    const parts = c.toLowerCase().split('+')
    const key = parts.pop()
    if (!key) throw new Error(`bad chord "${c}" in shortcut "${spec}"`)
    const mods = new Set(parts)
    for (const m of mods)
      if (m !== 'mod' && m !== 'shift' && m !== 'alt') throw new Error(`unknown modifier "${m}" in "${spec}"`)
    return { key, mod: mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt') }
  })
}

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

export function chordOf(e: KeyLike): Chord | null {
  const key = e.key.toLowerCase()
  if (key === 'control' || key === 'meta' || key === 'shift' || key === 'alt' || key === 'dead') return null
  return {
    key,
    mod: e.ctrlKey || e.metaKey,
    // `?` arrives with shiftKey set; the character is the whole truth for symbols
    shift: SHIFTED_SYMBOLS.has(e.key) ? false : e.shiftKey,
    alt: e.altKey,
  }
}

export function sameChord(a: Chord, b: Chord): boolean {
  return a.key === b.key && a.mod === b.mod && a.shift === b.shift && a.alt === b.alt
}

/** The pressed chords (newest last) complete `seq` if they end with it. */
export function completes(pressed: Chord[], seq: Chord[]): boolean {
  if (pressed.length < seq.length) return false
  const tail = pressed.slice(pressed.length - seq.length)
  return seq.every((c, i) => sameChord(c, tail[i]!))
}

/** Whether the pressed chords are the start of `seq` (so we keep waiting for the rest). */
export function isPrefix(pressed: Chord[], seq: Chord[]): boolean {
  for (let start = 0; start < pressed.length; start++) {
    const tail = pressed.slice(start)
    if (tail.length < seq.length && tail.every((c, i) => sameChord(c, seq[i]!))) return true
  }
  return false
}

/** How a shortcut is shown: `Ctrl K` / `⌘ K`, `G then S`. */
export function displayChords(spec: string, mac: boolean): string[][] {
  return parseSequence(spec).map((c) => {
    const keys: string[] = []
    if (c.mod) keys.push(mac ? '⌘' : 'Ctrl')
    if (c.alt) keys.push(mac ? '⌥' : 'Alt')
    if (c.shift) keys.push('Shift')
    keys.push(c.key.length === 1 ? c.key.toUpperCase() : c.key[0]!.toUpperCase() + c.key.slice(1))
    return keys
  })
}

/** Typing in a field is not a shortcut, unless it holds Ctrl/⌘ (e.g. Ctrl+K from a search box). */
export function ignoredTarget(target: EventTarget | null, chord: Chord): boolean {
  if (chord.mod || chord.key === 'escape') return false
  const el = target as HTMLElement | null
  if (!el || typeof el.tagName !== 'string') return false
  const tag = el.tagName.toLowerCase()
  return tag === 'input' || tag === 'textarea' || tag === 'select' || el.isContentEditable === true
}
