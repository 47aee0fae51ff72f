import type { CompiledBlocking, CompiledKeyPart } from './rules.ts'

/**
 * Candidate pairs by blocking: only records that share a key are ever compared, so a scan costs
 * about (records × a few candidates) comparisons instead of records². Each pair is encoded as one
 * number `i · n + j` (i < j; exact below 2^53, i.e. for up to 67 million records) in a growable
 * Float64Array, so a million records with tens of millions of candidates need no per-pair objects;
 * the passes' pairs are sorted and de-duplicated at the end.
 */

export interface BlockingStats {
  id: string
  kind: 'equal' | 'sortedNeighbourhood'
  /** records with at least one key in this pass */
  recordsWithKey: number
  /** distinct keys (equal) / sorted entries (sorted neighbourhood) */
  keys: number
  /** pairs this pass produced, before de-duplication across passes */
  pairs: number
  /** blocks above maxBlockSize, and the records in them */
  oversizedBlocks: number
  oversizedRecords: number
}

export class PairBuffer {
  private buf = new Float64Array(1 << 16)
  length = 0
  constructor(private readonly n: number) {}

  push(i: number, j: number): void {
    if (i === j) return
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2)
      next.set(this.buf)
      this.buf = next
    }
    this.buf[this.length++] = i < j ? i * this.n + j : j * this.n + i
  }

  /** the distinct pairs, sorted (the buffer is reused for it) */
  distinct(): Float64Array {
    const a = this.buf.subarray(0, this.length).sort()
    let w = 0
    for (let r = 0; r < a.length; r++) if (r === 0 || a[r] !== a[r - 1]) a[w++] = a[r]!
    return a.subarray(0, w)
  }
}

/** the keys of record i for a list of key parts (combined) */
export type KeysOf = (parts: readonly CompiledKeyPart[], i: number) => string[]

export interface BlockingInput {
  n: number
  keysOf: KeysOf
  passes: readonly CompiledBlocking[]
  /** link mode: a source number per record; only pairs from different sources are made */
  sources?: Int32Array
  /** called after each pass */
  onPass?: (stats: BlockingStats) => void
}

export function candidatePairs({ n, keysOf, passes, sources, onPass }: BlockingInput): {
  pairs: Float64Array
  stats: BlockingStats[]
} {
  const out = new PairBuffer(n)
  const stats: BlockingStats[] = []
  const emit = sources
    ? (i: number, j: number) => {
        if (sources[i] !== sources[j]) out.push(i, j)
      }
    : (i: number, j: number) => out.push(i, j)
  for (const pass of passes) {
    const before = out.length
    const s: BlockingStats = {
      id: pass.def.id,
      kind: pass.def.kind,
      recordsWithKey: 0,
      keys: 0,
      pairs: 0,
      oversizedBlocks: 0,
      oversizedRecords: 0,
    }
    if (pass.def.kind === 'sortedNeighbourhood') sortedNeighbourhood(n, keysOf, pass, emit, s)
    else equalKeys(n, keysOf, pass, emit, s)
    s.pairs = out.length - before
    stats.push(s)
    onPass?.(s)
  }
  return { pairs: out.distinct(), stats }
}

function equalKeys(
  n: number,
  keysOf: KeysOf,
  pass: CompiledBlocking,
  emit: (i: number, j: number) => void,
  s: BlockingStats,
): void {
  // key → one record index, or the list of them once a second record shares it
  const blocks = new Map<string, number | number[]>()
  for (let i = 0; i < n; i++) {
    const keys = keysOf(pass.parts, i)
    if (keys.length > 0) s.recordsWithKey++
    for (const k of keys) {
      const b = blocks.get(k)
      if (b === undefined) blocks.set(k, i)
      else if (typeof b === 'number') blocks.set(k, [b, i])
      else b.push(i)
    }
  }
  s.keys = blocks.size
  const max = pass.def.maxBlockSize
  for (const b of blocks.values()) {
    if (typeof b === 'number') continue
    if (b.length <= max) {
      for (let x = 0; x < b.length; x++) for (let y = x + 1; y < b.length; y++) emit(b[x]!, b[y]!)
      continue
    }
    s.oversizedBlocks++
    s.oversizedRecords += b.length
    if (!pass.sortBy) continue
    const sortBy = pass.sortBy
    const keyed = b.map((i) => ({ i, k: keysOf(sortBy, i)[0] ?? '' }))
    keyed.sort((p, q) => (p.k < q.k ? -1 : p.k > q.k ? 1 : p.i - q.i))
    windowPairs(
      keyed.map((e) => e.i),
      pass.def.window,
      emit,
    )
  }
}

function sortedNeighbourhood(
  n: number,
  keysOf: KeysOf,
  pass: CompiledBlocking,
  emit: (i: number, j: number) => void,
  s: BlockingStats,
): void {
  const keys: string[] = []
  const idx: number[] = []
  for (let i = 0; i < n; i++) {
    const ks = keysOf(pass.parts, i)
    if (ks.length > 0) s.recordsWithKey++
    for (const k of ks) {
      keys.push(k)
      idx.push(i)
    }
  }
  s.keys = keys.length
  // a plain array with a comparator: measured faster on a million entries than an Int32Array or
  // sorting `key + index` strings natively
  const order = Array.from(keys.keys())
  order.sort((a, b) => {
    const ka = keys[a]!
    const kb = keys[b]!
    return ka < kb ? -1 : ka > kb ? 1 : a - b
  })
  const sorted = new Int32Array(order.length)
  for (let p = 0; p < order.length; p++) sorted[p] = idx[order[p]!]!
  windowPairs(sorted, pass.def.window, emit)
}

function windowPairs(sorted: ArrayLike<number>, window: number, emit: (i: number, j: number) => void): void {
  for (let p = 0; p < sorted.length; p++) {
    const end = Math.min(sorted.length, p + window)
    for (let q = p + 1; q < end; q++) emit(sorted[p]!, sorted[q]!)
  }
}
