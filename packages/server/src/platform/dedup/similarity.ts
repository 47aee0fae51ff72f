/**
 * String, token, number and date similarities, each in 0..1, symmetric, and 1 for identical input.
 * Written here rather than taken from npm because the engine needs them on UTF-16 strings that are
 * already normalised, with reusable buffers (no allocation per pair on a million-record scan), and
 * with the same rules for CJK as for Latin text. Their properties are checked in similarity.test.ts.
 *
 * Strings are compared by UTF-16 code unit. CJK characters are one unit; a character outside the
 * Basic Multilingual Plane (emoji) counts as two, which only matters for text that should not be
 * compared by characters anyway.
 */

/** Strings longer than this are cut before an O(n·m) measure: a long description costs no more. */
export const MAX_MEASURED = 256

let row0 = new Int32Array(MAX_MEASURED + 2)
let row1 = new Int32Array(MAX_MEASURED + 2)
let row2 = new Int32Array(MAX_MEASURED + 2)
let flags = new Uint8Array(2 * (MAX_MEASURED + 2))

function cut(s: string): string {
  return s.length > MAX_MEASURED ? s.slice(0, MAX_MEASURED) : s
}

/** Jaro–Winkler with the usual prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1
  // a fixed order makes the greedy matching (and so the value) independent of argument order
  if (a.length > b.length || (a.length === b.length && a > b)) [a, b] = [b, a]
  a = cut(a)
  b = cut(b)
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  const range = Math.max(0, (lb >> 1) - 1)
  if (flags.length < la + lb) flags = new Uint8Array(la + lb)
  flags.fill(0, 0, la + lb)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range)
    const hi = Math.min(lb - 1, i + range)
    const c = a.charCodeAt(i)
    for (let j = lo; j <= hi; j++) {
      if (flags[la + j] === 0 && b.charCodeAt(j) === c) {
        flags[i] = 1
        flags[la + j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let k = 0
  let half = 0
  for (let i = 0; i < la; i++) {
    if (flags[i] === 0) continue
    while (flags[la + k] === 0) k++
    if (a.charCodeAt(i) !== b.charCodeAt(k)) half++
    k++
  }
  const m = matches
  const jaro = (m / la + m / lb + (m - half / 2) / m) / 3
  let prefix = 0
  const maxPrefix = Math.min(4, la)
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return Math.min(1, jaro + prefix * 0.1 * (1 - jaro))
}

function ensureRows(n: number): void {
  if (row0.length < n + 2) {
    row0 = new Int32Array(n + 2)
    row1 = new Int32Array(n + 2)
    row2 = new Int32Array(n + 2)
  }
}

/** Levenshtein distance (insert, delete, substitute). */
export function levenshteinDistance(a: string, b: string): number {
  if (a === b) return 0
  if (a.length < b.length) [a, b] = [b, a]
  const la = a.length
  const lb = b.length
  if (lb === 0) return la
  ensureRows(lb)
  let prev = row0
  let cur = row1
  for (let j = 0; j <= lb; j++) prev[j] = j
  for (let i = 1; i <= la; i++) {
    cur[0] = i
    const c = a.charCodeAt(i - 1)
    for (let j = 1; j <= lb; j++) {
      const sub = prev[j - 1]! + (c === b.charCodeAt(j - 1) ? 0 : 1)
      const del = prev[j]! + 1
      const ins = cur[j - 1]! + 1
      cur[j] = Math.min(sub, del, ins)
    }
    const t = prev
    prev = cur
    cur = t
  }
  return prev[lb]!
}

/** Optimal-string-alignment distance: Levenshtein plus the swap of two adjacent characters. */
export function damerauDistance(a: string, b: string): number {
  if (a === b) return 0
  if (a.length < b.length) [a, b] = [b, a]
  const la = a.length
  const lb = b.length
  if (lb === 0) return la
  ensureRows(lb)
  let prev2 = row2
  let prev = row0
  let cur = row1
  for (let j = 0; j <= lb; j++) prev[j] = j
  for (let i = 1; i <= la; i++) {
    cur[0] = i
    const c = a.charCodeAt(i - 1)
    for (let j = 1; j <= lb; j++) {
      const d = b.charCodeAt(j - 1)
      let v = prev[j - 1]! + (c === d ? 0 : 1)
      if (prev[j]! + 1 < v) v = prev[j]! + 1
      if (cur[j - 1]! + 1 < v) v = cur[j - 1]! + 1
      if (i > 1 && j > 1 && c === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === d && prev2[j - 2]! + 1 < v)
        v = prev2[j - 2]! + 1
      cur[j] = v
    }
    const t = prev2
    prev2 = prev
    prev = cur
    cur = t
  }
  return prev[lb]!
}

/** 1 − distance / length of the longer string, on strings cut to MAX_MEASURED. */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a === b) return 1
  a = cut(a)
  b = cut(b)
  const n = Math.max(a.length, b.length)
  return n === 0 ? 1 : 1 - levenshteinDistance(a, b) / n
}

export function damerauSimilarity(a: string, b: string): number {
  if (a === b) return 1
  a = cut(a)
  b = cut(b)
  const n = Math.max(a.length, b.length)
  return n === 0 ? 1 : 1 - damerauDistance(a, b) / n
}

/** Longest common subsequence length (for the indel ratio below). */
function lcsLength(a: string, b: string): number {
  if (a.length < b.length) [a, b] = [b, a]
  const lb = b.length
  if (lb === 0) return 0
  ensureRows(lb)
  let prev = row0
  let cur = row1
  prev.fill(0, 0, lb + 1)
  for (let i = 1; i <= a.length; i++) {
    cur[0] = 0
    const c = a.charCodeAt(i - 1)
    for (let j = 1; j <= lb; j++) {
      cur[j] = c === b.charCodeAt(j - 1) ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!)
    }
    const t = prev
    prev = cur
    cur = t
  }
  return prev[lb]!
}

/** rapidfuzz's `ratio`: 1 − indel distance / total length = 2·LCS / (|a| + |b|). */
export function indelRatio(a: string, b: string): number {
  if (a === b) return 1
  a = cut(a)
  b = cut(b)
  const total = a.length + b.length
  return total === 0 ? 1 : (2 * lcsLength(a, b)) / total
}

/** Distinct tokens, sorted (the form the token measures expect). */
export function tokenSet(tokens: Iterable<string>): string[] {
  return [...new Set(tokens)].sort()
}

/** Sizes of the intersection of two sorted, distinct token lists. */
function intersectionSize(a: readonly string[], b: readonly string[]): number {
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    if (x === y) {
      n++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return n
}

/** |A ∩ B| / |A ∪ B| on sorted distinct token lists; two empty lists are identical (1). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1
  const inter = intersectionSize(a, b)
  return inter / (a.length + b.length - inter)
}

/** |A ∩ B| / min(|A|, |B|): one side's tokens all found in the other gives 1. */
export function overlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1
  if (a.length === 0 || b.length === 0) return 0
  return intersectionSize(a, b) / Math.min(a.length, b.length)
}

/**
 * Token-set ratio on sorted distinct token lists: the best indel ratio among the shared tokens, the
 * shared tokens plus one side's rest, and both sides' full token strings. `acme corp` and
 * `acme corp shanghai` score 1; order and repetition of words do not matter.
 */
export function tokenSetRatio(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1
  if (a.length === 0 || b.length === 0) return 0
  const inter: string[] = []
  const onlyA: string[] = []
  const onlyB: string[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i]
    const y = b[j]
    if (x !== undefined && x === y) {
      inter.push(x)
      i++
      j++
    } else if (y === undefined || (x !== undefined && x < y)) {
      onlyA.push(x!)
      i++
    } else {
      onlyB.push(y)
      j++
    }
  }
  const t0 = inter.join(' ')
  const t1 = [t0, onlyA.join(' ')].filter((s) => s !== '').join(' ')
  const t2 = [t0, onlyB.join(' ')].filter((s) => s !== '').join(' ')
  if (inter.length > 0 && (onlyA.length === 0 || onlyB.length === 0)) return 1
  return Math.max(inter.length > 0 ? Math.max(indelRatio(t0, t1), indelRatio(t0, t2)) : 0, indelRatio(t1, t2))
}

/**
 * Closeness of two numbers: 1 − |a − b| / scale, clamped to 0..1. Without a scale, relative to the
 * larger magnitude (100 vs 90 → 0.9; 0 vs 0 → 1).
 */
export function numericSimilarity(a: number, b: number, scale?: number): number {
  if (a === b) return 1
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 0
  const diff = Math.abs(a - b)
  const s = scale ?? Math.max(Math.abs(a), Math.abs(b))
  return s > 0 ? Math.max(0, 1 - diff / s) : 0
}

// digit positions of YYYY-MM-DD
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9] as const

/** days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil) */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function num(s: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return Number.NaN
    n = n * 10 + c
  }
  return n
}

/**
 * Closeness of two dates written `YYYY-MM-DD`: equal 1; day and month swapped (03-05 vs 05-03) 0.8; one
 * digit different or two adjacent digits swapped (a typo) 0.7; otherwise 1 − days apart / scale
 * (default 365), at most 0.6 so that only the typo cases above count as near agreement.
 */
export function dateSimilarity(a: string, b: string, scaleDays = 365): number {
  if (a === b) return 1
  if (a.length !== 10 || b.length !== 10) return 0
  const ya = num(a, 0, 4)
  const ma = num(a, 5, 7)
  const da = num(a, 8, 10)
  const yb = num(b, 0, 4)
  const mb = num(b, 5, 7)
  const db = num(b, 8, 10)
  if (Number.isNaN(ya + ma + da + yb + mb + db)) return 0
  if (ya === yb && ma === db && da === mb) return 0.8
  // one substituted digit, or two adjacent digits swapped (Damerau distance 1 on equal lengths)
  let first = -1
  let diffs = 0
  for (let k = 0; k < DATE_DIGITS.length; k++) {
    const p = DATE_DIGITS[k]!
    if (a.charCodeAt(p) !== b.charCodeAt(p)) {
      if (diffs === 0) first = k
      diffs++
    }
  }
  if (diffs === 1) return 0.7
  if (diffs === 2) {
    const p = DATE_DIGITS[first]!
    const q = DATE_DIGITS[first + 1]
    if (
      q !== undefined &&
      a.charCodeAt(p) === b.charCodeAt(q) &&
      a.charCodeAt(q) === b.charCodeAt(p) &&
      a.charCodeAt(q) !== b.charCodeAt(q)
    )
      return 0.7
  }
  const days = Math.abs(daysFromCivil(ya, ma, da) - daysFromCivil(yb, mb, db))
  return Math.min(0.6, Math.max(0, 1 - days / scaleDays))
}
