import type {
  DedupCluster,
  DedupPair,
  DedupReason,
  DedupRules,
  DedupRulesInput,
} from '@kemai/shared/api/dedup.api'
import { type BlockingStats, candidatePairs } from './blocking.ts'
import { asString } from './registry.ts'
import {
  type CompiledComparison,
  type CompiledKeyPart,
  type CompiledRules,
  combineKeys,
  compileRules,
  Many,
  type Prepared,
  type RecordLike,
} from './rules.ts'
import { UnionFind } from './union-find.ts'

/**
 * The matcher: records + rules → candidate pairs (blocking) → a score per pair with its reasons →
 * clusters (union-find over duplicate pairs). No database here: the caller brings the records
 * (an array, read in streaming batches from a table) and stores what comes back.
 */

export interface FindOptions {
  /** the record id property (default `id`) */
  idField?: string
  /**
   * link mode: the property that says which source a record comes from; only pairs across sources
   * are made (two tables, or an import file against the existing records)
   */
  sourceField?: string
  /** keep pairs from this score on (default: the rules' reviewThreshold, else threshold) */
  minScore?: number
  /** build reasons for the pairs kept (default true; a benchmark sweeping thresholds turns it off) */
  reasons?: boolean
  /** progress of the long phases, for a job's progress bar */
  onProgress?: (phase: 'prepare' | 'block' | 'score', done: number, total: number) => void
}

export interface DedupStats {
  records: number
  candidatePairs: number
  /** pairs kept (score ≥ minScore) */
  keptPairs: number
  duplicatePairs: number
  possiblePairs: number
  clusters: number
  blocking: BlockingStats[]
  /** milliseconds per phase */
  ms: { prepare: number; block: number; score: number; cluster: number }
}

export interface DedupResult {
  pairs: DedupPair[]
  clusters: DedupCluster[]
  stats: DedupStats
}

function rulesOf(rules: DedupRulesInput | DedupRules | CompiledRules): CompiledRules {
  return 'comparisons' in rules && 'keepFrom' in rules ? (rules as CompiledRules) : compileRules(rules)
}

/** Prepared values, one column per distinct (fields, normaliser) signature. */
class Columns {
  private readonly cols = new Map<string, Prepared[]>()
  constructor(private readonly records: readonly RecordLike[]) {}

  column(signature: string, read: (r: RecordLike) => Prepared): Prepared[] {
    let col = this.cols.get(signature)
    if (!col) {
      col = new Array<Prepared>(this.records.length)
      for (let i = 0; i < this.records.length; i++) col[i] = read(this.records[i]!)
      this.cols.set(signature, col)
    }
    return col
  }
}

/** similarity of two prepared values (the best pair when either has several), null when one is missing */
function similarity(c: CompiledComparison, a: Prepared, b: Prepared): number | null {
  if (a === null || b === null) return null
  if (!(a instanceof Many) && !(b instanceof Many)) return c.measure(a, b)
  const xs = a instanceof Many ? a.items : [a]
  const ys = b instanceof Many ? b.items : [b]
  let best = 0
  for (let x = 0; x < xs.length && x < 10; x++) {
    for (let y = 0; y < ys.length && y < 10; y++) {
      const s = c.measure(xs[x]!, ys[y]!)
      if (s > best) best = s
      if (best === 1) return best
    }
  }
  return best
}

/** points for a similarity: −penalty … weight, linear between disagreeBelow and agreeAt */
export function pointsFor(c: CompiledComparison, sim: number): number {
  const { weight, penalty, agreeAt, disagreeBelow } = c.def
  if (sim >= agreeAt) return weight
  if (sim <= disagreeBelow) return -penalty
  return -penalty + ((weight + penalty) * (sim - disagreeBelow)) / (agreeAt - disagreeBelow)
}

function display(v: Prepared): string {
  if (v === null) return ''
  if (v instanceof Many) return v.items.map((x) => asString(x)).join(' | ')
  return asString(v)
}

function explain(
  rules: CompiledRules,
  cols: readonly Prepared[][],
  i: number,
  j: number,
): { score: number; reasons: DedupReason[] } {
  let score = 0
  const reasons: DedupReason[] = []
  rules.comparisons.forEach((c, k) => {
    const a = cols[k]![i]!
    const b = cols[k]![j]!
    const sim = similarity(c, a, b)
    if (sim === null) return
    const points = pointsFor(c, sim)
    score += points
    reasons.push({
      comparison: c.def.id,
      similarity: round(sim),
      points: round(points),
      left: display(a).slice(0, 200),
      right: display(b).slice(0, 200),
    })
  })
  return { score: round(score), reasons }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

/**
 * Scans records for duplicates. `findDuplicates(people, defaultPersonRules)` → pairs (best first)
 * with reasons, clusters and statistics.
 */
export function findDuplicates(
  records: readonly RecordLike[],
  rulesInput: DedupRulesInput | DedupRules | CompiledRules,
  opts: FindOptions = {},
): DedupResult {
  const rules = rulesOf(rulesInput)
  const idField = opts.idField ?? 'id'
  const minScore = opts.minScore ?? rules.keepFrom
  const withReasons = opts.reasons ?? true
  const n = records.length
  const t0 = performance.now()

  const columns = new Columns(records)
  const cols = rules.comparisons.map((c) => {
    const col = columns.column(c.signature, c.read)
    opts.onProgress?.('prepare', 0, n)
    return col
  })
  const partCols = new Map<CompiledKeyPart, Prepared[]>()
  for (const b of rules.blocking)
    for (const p of [...b.parts, ...(b.sortBy ?? [])]) partCols.set(p, columns.column(p.signature, p.read))
  opts.onProgress?.('prepare', n, n)
  const t1 = performance.now()

  let sources: Int32Array | undefined
  if (opts.sourceField) {
    const names = new Map<string, number>()
    sources = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const s = String(records[i]![opts.sourceField] ?? '')
      let k = names.get(s)
      if (k === undefined) {
        k = names.size
        names.set(s, k)
      }
      sources[i] = k
    }
  }
  const { pairs, stats: blockingStats } = candidatePairs({
    n,
    keysOf: (parts, i) => combineKeys(parts, (p) => partCols.get(p)![i]!),
    passes: rules.blocking,
    ...(sources ? { sources } : {}),
    onPass: () => opts.onProgress?.('block', 0, n),
  })
  const t2 = performance.now()

  // exact comparisons first (cheap), then the others by weight, largest first; the bound of what a
  // pair can still gain counts only comparisons with values on both sides, so most candidate pairs
  // stop before the costly name measure once their cheap fields have disagreed
  const order = rules.comparisons
    .map((_, k) => k)
    .sort((a, b) => {
      const ca = rules.comparisons[a]!.def
      const cb = rules.comparisons[b]!.def
      const ea = ca.measure === 'exact' ? 0 : 1
      const eb = cb.measure === 'exact' ? 0 : 1
      return ea - eb || cb.weight - ca.weight
    })
  const orderedCols = order.map((k) => cols[k]!)
  const orderedCmp = order.map((k) => rules.comparisons[k]!)
  const weights = Float64Array.from(orderedCmp, (c) => c.def.weight)
  const m = orderedCmp.length

  const kept: { i: number; j: number; score: number }[] = []
  const progressEvery = 1 << 18
  for (let p = 0; p < pairs.length; p++) {
    const code = pairs[p]!
    const i = Math.floor(code / n)
    const j = code - i * n
    let bound = 0
    for (let x = 0; x < m; x++) {
      const col = orderedCols[x]!
      if (col[i] !== null && col[j] !== null) bound += weights[x]!
    }
    if (bound >= minScore) {
      let score = 0
      let x = 0
      for (; x < m; x++) {
        const col = orderedCols[x]!
        const a = col[i]!
        const b = col[j]!
        if (a === null || b === null) continue
        bound -= weights[x]!
        const sim = similarity(orderedCmp[x]!, a, b)
        if (sim !== null) score += pointsFor(orderedCmp[x]!, sim)
        if (score + bound < minScore) break
      }
      if (x === m && score >= minScore) kept.push({ i, j, score })
    }
    if ((p & (progressEvery - 1)) === 0) opts.onProgress?.('score', p, pairs.length)
  }
  opts.onProgress?.('score', pairs.length, pairs.length)
  const t3 = performance.now()

  const threshold = rules.rules.threshold
  const idOf = (i: number) => String(records[i]![idField])
  const outPairs: DedupPair[] = kept
    .sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j)
    .map(({ i, j, score }) => {
      const ex = withReasons ? explain(rules, cols, i, j) : { score: round(score), reasons: [] }
      return {
        a: idOf(i),
        b: idOf(j),
        score: ex.score,
        decision: score >= threshold ? 'duplicate' : 'possible',
        reasons: ex.reasons,
      }
    })

  const clusters = clusterPairs(
    n,
    kept.filter((k) => k.score >= threshold),
    idOf,
  )
  const t4 = performance.now()
  const duplicatePairs = kept.filter((k) => k.score >= threshold).length
  return {
    pairs: outPairs,
    clusters,
    stats: {
      records: n,
      candidatePairs: pairs.length,
      keptPairs: kept.length,
      duplicatePairs,
      possiblePairs: kept.length - duplicatePairs,
      clusters: clusters.length,
      blocking: blockingStats,
      ms: { prepare: t1 - t0, block: t2 - t1, score: t3 - t2, cluster: t4 - t3 },
    },
  }
}

function clusterPairs(
  n: number,
  pairs: readonly { i: number; j: number; score: number }[],
  idOf: (i: number) => string,
): DedupCluster[] {
  const uf = new UnionFind(n)
  for (const p of pairs) uf.union(p.i, p.j)
  const byRoot = new Map<number, { members: Set<number>; min: number; max: number }>()
  for (const p of pairs) {
    const root = uf.find(p.i)
    let c = byRoot.get(root)
    if (!c) {
      c = { members: new Set(), min: p.score, max: p.score }
      byRoot.set(root, c)
    }
    c.members.add(p.i)
    c.members.add(p.j)
    if (p.score < c.min) c.min = p.score
    if (p.score > c.max) c.max = p.score
  }
  return [...byRoot.values()]
    .map((c) => ({
      ids: [...c.members].sort((a, b) => a - b).map(idOf),
      minScore: round(c.min),
      maxScore: round(c.max),
    }))
    .sort((a, b) => b.ids.length - a.ids.length || b.maxScore - a.maxScore)
}

/**
 * Scores one pair of records with every comparison (no blocking, no pruning): what a review screen
 * shows for two records the user picked.
 */
export function compareRecords(
  a: RecordLike,
  b: RecordLike,
  rulesInput: DedupRulesInput | DedupRules | CompiledRules,
): { score: number; decision: 'duplicate' | 'possible' | 'distinct'; reasons: DedupReason[] } {
  const rules = rulesOf(rulesInput)
  const cols = rules.comparisons.map((c) => [c.read(a), c.read(b)])
  const { score, reasons } = explain(rules, cols, 0, 1)
  const decision =
    score >= rules.rules.threshold ? 'duplicate' : score >= rules.keepFrom ? 'possible' : 'distinct'
  return { score, decision, reasons }
}

/**
 * The blocking keys of one record, per `equal` pass: what to look up (in a key table or with an
 * indexed query) to find the candidates of a record being created or imported.
 */
export function blockingKeysOf(
  record: RecordLike,
  rulesInput: DedupRulesInput | DedupRules | CompiledRules,
): { blocking: string; keys: string[] }[] {
  const rules = rulesOf(rulesInput)
  return rules.blocking
    .filter((b) => b.def.kind === 'equal')
    .map((b) => ({ blocking: b.def.id, keys: combineKeys(b.parts, (p) => p.read(record)) }))
    .filter((k) => k.keys.length > 0)
}

/**
 * Matches one record (being created, edited or imported) against candidate records, typically those
 * sharing a blocking key: the pairs at or above the review threshold, best first. The record's own id
 * may be absent; the pairs' `a` is then `''`.
 */
export function matchRecord(
  record: RecordLike,
  candidates: readonly RecordLike[],
  rulesInput: DedupRulesInput | DedupRules | CompiledRules,
  opts: { idField?: string } = {},
): DedupPair[] {
  const rules = rulesOf(rulesInput)
  const idField = opts.idField ?? 'id'
  const mine = rules.comparisons.map((c) => c.read(record))
  const out: DedupPair[] = []
  for (const cand of candidates) {
    const cols = rules.comparisons.map((c, k) => [mine[k]!, c.read(cand)])
    const { score, reasons } = explain(rules, cols, 0, 1)
    if (score < rules.keepFrom) continue
    out.push({
      a: String(record[idField] ?? ''),
      b: String(cand[idField]),
      score,
      decision: score >= rules.rules.threshold ? 'duplicate' : 'possible',
      reasons,
    })
  }
  return out.sort((x, y) => y.score - x.score)
}
