import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Loading the public entity-resolution sets of `../shared/datasets` for bench/dedup.bench.ts, and the
 * pairwise precision / recall / F1 they are scored with.
 */

export const DATASETS = join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets')

/** RFC 4180 CSV: quoted fields with doubled quotes and line breaks; a header row gives the keys. */
export function parseCsv(text: string, opts: { trimFields?: boolean } = {}): Record<string, string>[] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += c
    } else if (c === '"' && field.trim() === '') {
      quoted = true
      field = ''
    } else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      field = ''
      if (row.length > 1 || row[0] !== '') rows.push(row)
      row = []
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  const trim = opts.trimFields ?? false
  const header = (rows.shift() ?? []).map((h) => h.trim())
  return rows.map((r) =>
    Object.fromEntries(header.map((h, k) => [h, trim ? (r[k] ?? '').trim() : (r[k] ?? '')])),
  )
}

export function readCsv(path: string, opts: { trimFields?: boolean } = {}): Record<string, string>[] {
  return parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), opts)
}

export interface Scores {
  tp: number
  fp: number
  fn: number
  precision: number
  recall: number
  f1: number
}

export function scores(tp: number, fp: number, fn: number): Scores {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { tp, fp, fn, precision, recall, f1 }
}

/** a pair of ids, order-free */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`
}

/** Pairwise scores of predicted pairs against the true pairs. */
export function pairScores(predicted: Iterable<string>, truth: ReadonlySet<string>): Scores {
  let tp = 0
  let fp = 0
  const seen = new Set<string>()
  for (const p of predicted) {
    if (seen.has(p)) continue
    seen.add(p)
    if (truth.has(p)) tp++
    else fp++
  }
  return scores(tp, fp, truth.size - tp)
}

/** every pair inside each group of ids (the true pairs of a set labelled with entity ids) */
export function pairsWithinGroups(groups: Iterable<readonly string[]>): Set<string> {
  const out = new Set<string>()
  for (const g of groups)
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) out.add(pairKey(g[i]!, g[j]!))
  return out
}

// ---------------------------------------------------------------------------------------------------
// Febrl

export interface FebrlSet {
  name: string
  records: Record<string, unknown>[]
  truth: Set<string>
  /** linking 4a (originals) with 4b (duplicates) */
  link: boolean
}

/** One Febrl file (or 4a + 4b) mapped onto the `person` fields: name, birthday, address. */
export function loadFebrl(which: '1' | '2' | '3' | '4'): FebrlSet | null {
  const dir = join(DATASETS, 'febrl')
  const files = which === '4' ? ['febrl_dataset4a.csv', 'febrl_dataset4b.csv'] : [`febrl_dataset${which}.csv`]
  if (!files.every((f) => existsSync(join(dir, f)))) return null
  const records: Record<string, unknown>[] = []
  const entities = new Map<string, string[]>()
  files.forEach((f, k) => {
    for (const r of readCsv(join(dir, f), { trimFields: true })) {
      const id = r.rec_id!
      const entity = /^rec-(\d+)-/.exec(id)?.[1] ?? id
      const list = entities.get(entity)
      if (list) list.push(id)
      else entities.set(entity, [id])
      const street = [r.street_number, r.address_1, r.address_2].filter(Boolean).join(' ')
      records.push({
        id,
        source: String(k),
        name: [r.given_name, r.surname].filter(Boolean).join(' '),
        given_name: r.given_name,
        family_name: r.surname,
        birthday: r.date_of_birth,
        address: { text: [street, r.suburb, r.state, r.postcode].filter(Boolean).join(', ') },
      })
    }
  })
  return { name: `febrl${which}`, records, truth: pairsWithinGroups(entities.values()), link: which === '4' }
}

// ---------------------------------------------------------------------------------------------------
// DeepMatcher layout (tableA, tableB, train/valid/test with ltable_id, rtable_id, label)

export interface LabelledPair {
  a: string
  b: string
  label: 0 | 1
}

export interface DeepMatcherSet {
  name: string
  /** records of both tables; ids are `a<id>` and `b<id>`, `source` is `a` or `b` */
  records: Record<string, unknown>[]
  train: LabelledPair[]
  valid: LabelledPair[]
  test: LabelledPair[]
}

export function loadDeepMatcher(
  folder: string,
  map: (row: Record<string, string>) => Record<string, unknown>,
) {
  const dir = join(DATASETS, folder)
  const needed = ['tableA.csv', 'tableB.csv', 'train.csv', 'valid.csv', 'test.csv']
  if (!needed.every((f) => existsSync(join(dir, f)))) return null
  const records: Record<string, unknown>[] = []
  for (const side of ['A', 'B'] as const) {
    for (const r of readCsv(join(dir, `table${side}.csv`))) {
      records.push({ ...map(r), id: `${side.toLowerCase()}${r.id}`, source: side.toLowerCase() })
    }
  }
  const split = (f: string): LabelledPair[] =>
    readCsv(join(dir, f)).map((r) => ({
      a: `a${r.ltable_id}`,
      b: `b${r.rtable_id}`,
      label: r.label === '1' ? 1 : 0,
    }))
  return {
    name: folder,
    records,
    train: split('train.csv'),
    valid: split('valid.csv'),
    test: split('test.csv'),
  } satisfies DeepMatcherSet
}

/**
 * Scores of labelled pairs when a pair is predicted a match iff blocking produced it and its score is
 * ≥ threshold (`scoreOf` gives undefined for pairs blocking never produced).
 */
export function labelledScores(
  pairs: readonly LabelledPair[],
  scoreOf: (a: string, b: string) => number | undefined,
  threshold: number,
): Scores {
  let tp = 0
  let fp = 0
  let fn = 0
  for (const p of pairs) {
    const s = scoreOf(p.a, p.b)
    const predicted = s !== undefined && s >= threshold
    if (predicted && p.label === 1) tp++
    else if (predicted) fp++
    else if (p.label === 1) fn++
  }
  return scores(tp, fp, fn)
}

/** The threshold with the best F1 on the given pairs (ties: the lower threshold). */
export function bestThreshold(
  pairs: readonly LabelledPair[],
  scoreOf: (a: string, b: string) => number | undefined,
): { threshold: number; f1: number } {
  const candidates = [
    ...new Set(pairs.map((p) => scoreOf(p.a, p.b)).filter((s): s is number => s !== undefined)),
  ].sort((x, y) => x - y)
  let best = { threshold: Number.POSITIVE_INFINITY, f1: -1 }
  for (const t of candidates) {
    const f1 = labelledScores(pairs, scoreOf, t).f1
    if (f1 > best.f1) best = { threshold: t, f1 }
  }
  return best
}
