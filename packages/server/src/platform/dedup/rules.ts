import {
  type DedupBlocking,
  type DedupComparison,
  type DedupKeyPart,
  type DedupRules,
  type DedupRulesInput,
  dedupRulesSchema,
} from '@kemai/shared/api/dedup.api'
import type { PersonNameKey } from './person-name.ts'
import { asString, asTokens, MEASURES, NORMALISERS, type NormValue, TOKEN_MEASURES } from './registry.ts'

/**
 * Rules compiled for the engine: zod-validated, field paths turned into getters, normaliser and
 * measure names into functions, and every normaliser/measure pairing checked.
 */

export class DedupRulesError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message)
    this.name = 'DedupRulesError'
  }
}

export type RecordLike = Readonly<Record<string, unknown>>
type Getter = (r: RecordLike) => unknown

/** Several values of one comparison for one record (several e-mails, a company's name forms). */
export class Many {
  constructor(readonly items: readonly NormValue[]) {}
}
export type Prepared = NormValue | Many | null

export interface CompiledComparison {
  signature: string
  def: Required<Omit<DedupComparison, 'scale'>> & { scale?: number }
  read: (r: RecordLike) => Prepared
  measure: (a: NormValue, b: NormValue) => number
}

export interface CompiledKeyPart {
  /** fields + normaliser: parts and comparisons with the same signature share one prepared column */
  signature: string
  read: (r: RecordLike) => Prepared
  keys: (v: Prepared) => string[]
}

export interface CompiledBlocking {
  def: DedupBlocking & { kind: 'equal' | 'sortedNeighbourhood'; maxBlockSize: number; window: number }
  parts: CompiledKeyPart[]
  sortBy: CompiledKeyPart[] | null
}

export interface CompiledRules {
  rules: DedupRules
  comparisons: CompiledComparison[]
  blocking: CompiledBlocking[]
  /** the lowest score a pair is kept with: reviewThreshold, else threshold */
  keepFrom: number
}

function getter(path: string): Getter {
  const dot = path.indexOf('.')
  if (dot < 0) return (r) => r[path]
  const head = path.slice(0, dot)
  const tail = path.slice(dot + 1)
  return (r) => {
    const v = r[head]
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)[tail]
      : undefined
  }
}

/** reads fields, normalises every value (lists element by element), pools and de-duplicates them */
function reader(fields: readonly string[], normaliser: keyof typeof NORMALISERS, toTokens: boolean) {
  const getters = fields.map(getter)
  const def = NORMALISERS[normaliser]
  const norm = (raw: unknown, out: NormValue[]) => {
    if (raw === null || raw === undefined || raw === '') return
    const v = def.fn(raw)
    if (v === null) return
    if (def.alternatives) for (const x of v as readonly NormValue[]) out.push(toTokens ? asTokens(x) : x)
    else out.push(toTokens ? asTokens(v as NormValue) : (v as NormValue))
  }
  return (r: RecordLike): Prepared => {
    const out: NormValue[] = []
    for (const g of getters) {
      const raw = g(r)
      if (Array.isArray(raw) && normaliser !== 'address') for (const x of raw.slice(0, 20)) norm(x, out)
      else norm(raw, out)
    }
    if (out.length === 0) return null
    if (out.length === 1) return out[0]!
    const seen = new Set<string>()
    const uniq = out.filter((v) => {
      const k = typeof v === 'object' && !Array.isArray(v) ? (v as PersonNameKey).key : asString(v)
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
    return uniq.length === 1 ? uniq[0]! : new Many(uniq)
  }
}

function keyOf(v: NormValue, take: DedupKeyPart['take'], length: number | undefined): string[] {
  const isName = typeof v === 'object' && !Array.isArray(v)
  const name = v as PersonNameKey
  switch (take ?? 'value') {
    case 'value':
      return [isName ? name.key : asString(v)]
    case 'tokens':
      return isName ? name.key.split(' ') : [...asTokens(v)]
    case 'initials':
      return isName
        ? [name.initials]
        : [
            asTokens(v)
              .map((t) => t[0])
              .sort()
              .join(''),
          ]
    case 'family':
      return isName ? [name.readings[0]?.familyCanon[0] ?? ''] : [asTokens(v)[0] ?? '']
    case 'prefix':
      return [(isName ? name.key : asString(v)).slice(0, length ?? 3)]
    case 'year':
      return [asString(v).slice(0, 4)]
  }
}

function compileKeyPart(p: DedupKeyPart): CompiledKeyPart {
  const read = reader(p.fields, p.normaliser, false)
  const take = p.take ?? 'value'
  return {
    signature: signature(p.fields, p.normaliser, false),
    read,
    keys: (v) => {
      if (v === null) return []
      if (!(v instanceof Many)) {
        const ks = keyOf(v, take, p.length)
        return ks.length === 1 ? (ks[0] === '' ? [] : ks) : [...new Set(ks)].filter((k) => k !== '')
      }
      const out = new Set<string>()
      for (const item of v.items) for (const k of keyOf(item, take, p.length)) if (k !== '') out.add(k)
      return [...out]
    },
  }
}

/** Parses and compiles rules; throws DedupRulesError listing every problem. */
export function compileRules(input: DedupRulesInput | DedupRules): CompiledRules {
  const parsed = dedupRulesSchema.safeParse(input)
  if (!parsed.success) {
    throw new DedupRulesError(
      'invalid dedup rules',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    )
  }
  const rules = parsed.data
  const issues: { path: string; message: string }[] = []
  const comparisons = rules.comparisons.map((c, i): CompiledComparison => {
    const kind = NORMALISERS[c.normaliser].kind
    const m = MEASURES[c.measure]
    if (!m.accepts.includes(kind))
      issues.push({
        path: `comparisons.${i}.measure`,
        message: `${c.measure} cannot compare ${c.normaliser} values (${kind})`,
      })
    const toTokens = TOKEN_MEASURES.has(c.measure) && kind === 'string'
    const scale = c.scale
    return {
      signature: signature(c.fields, c.normaliser, toTokens),
      def: { ...c, penalty: c.penalty ?? 0, agreeAt: c.agreeAt ?? 1, disagreeBelow: c.disagreeBelow ?? 0 },
      read: reader(c.fields, c.normaliser, toTokens),
      measure: (a, b) => m.fn(a, b, scale),
    }
  })
  if (issues.length > 0) throw new DedupRulesError('invalid dedup rules', issues)
  const blocking = rules.blocking.map(
    (b): CompiledBlocking => ({
      def: { ...b, kind: b.kind ?? 'equal', maxBlockSize: b.maxBlockSize ?? 100, window: b.window ?? 5 },
      parts: b.parts.map(compileKeyPart),
      sortBy: b.sortBy ? b.sortBy.map(compileKeyPart) : null,
    }),
  )
  return { rules, comparisons, blocking, keepFrom: rules.reviewThreshold ?? rules.threshold }
}

function signature(fields: readonly string[], normaliser: string, toTokens: boolean): string {
  return `${fields.join(',')}|${normaliser}|${toTokens ? 't' : ''}`
}

/**
 * The keys of one record for a list of key parts, combined (at most 32). `prepared` gives a part's
 * prepared value (from a shared column, or read from the record).
 */
export function combineKeys(
  parts: readonly CompiledKeyPart[],
  prepared: (p: CompiledKeyPart) => Prepared,
): string[] {
  if (parts.length === 1) {
    const ks = parts[0]!.keys(prepared(parts[0]!))
    return ks.length > 32 ? ks.slice(0, 32) : ks
  }
  let keys: string[] = ['']
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!
    const ks = p.keys(prepared(p))
    if (ks.length === 0) return []
    const next: string[] = []
    for (const a of keys) for (const k of ks) if (next.length < 32) next.push(i === 0 ? k : `${a}\u0001${k}`)
    keys = next
  }
  return keys
}
