import { createHash } from 'node:crypto'
import type { DedupComparison, DedupRulesInput } from '@kemai/shared/api/dedup.api'
import type { ObjectDef } from '@kemai/shared/fields'
import { DEFAULT_RULES } from '../../dedup/default-rules.ts'
import { blockingKeysOf } from '../../dedup/matcher.ts'
import { type CompiledRules, compileRules, type RecordLike } from '../../dedup/rules.ts'

/** The matching rules of an object with the duplicate check on, compiled once, and what they read. */
export interface ObjectRules {
  compiled: CompiledRules
  /** fields any comparison reads: an edit of one of them is checked again */
  matchFields: ReadonlySet<string>
  /** fields any blocking key reads: an edit of one of them rewrites the record's keys */
  keyFields: ReadonlySet<string>
  /** fields per comparison id, for the reasons a client shows */
  fieldsOf: ReadonlyMap<string, string[]>
  /** largest block a key may name before it is too common to say anything (a shared switchboard) */
  maxBlockOf: ReadonlyMap<string, number>
  /** changes when the keys would: the key index is rebuilt on start when it differs */
  hash: string
}

const cache = new Map<string, ObjectRules>()

/**
 * The rules for an object whose `dedup` is on: the platform's defaults for the built-in objects that
 * have some (person, company), otherwise rules derived from the object's fields (title words, e-mails,
 * phones, website domains). Null when the object has the check off or nothing to match on.
 */
export function rulesFor(object: ObjectDef): ObjectRules | null {
  if (!object.dedup) return null
  const input =
    object.isSystem && DEFAULT_RULES[object.name] ? DEFAULT_RULES[object.name]! : derivedRules(object)
  if (!input) return null
  const id = JSON.stringify(input)
  const hit = cache.get(id)
  if (hit) return hit
  const compiled = compileRules(input)
  const rules: ObjectRules = {
    compiled,
    matchFields: new Set(compiled.rules.comparisons.flatMap((c) => c.fields.map(topField))),
    keyFields: new Set(
      compiled.blocking
        .filter((b) => b.def.kind === 'equal')
        .flatMap((b) => b.def.parts.flatMap((p) => p.fields.map(topField))),
    ),
    fieldsOf: new Map(compiled.rules.comparisons.map((c) => [c.id, c.fields.map(topField)])),
    maxBlockOf: new Map(compiled.blocking.map((b) => [b.def.id, b.def.maxBlockSize])),
    hash: createHash('sha256').update(JSON.stringify(compiled.rules.blocking)).digest('hex').slice(0, 16),
  }
  if (cache.size > 200) cache.clear()
  cache.set(id, rules)
  return rules
}

/** `address.text` → `address` */
const topField = (path: string) => path.split('.')[0]!

/** The keys stored for a record: `<blocking id>:<key>`, distinct. */
export function keysOf(rules: ObjectRules, record: RecordLike): string[] {
  const out = new Set<string>()
  for (const b of blockingKeysOf(record, rules.compiled))
    for (const k of b.keys) out.add(`${b.blocking}:${k}`)
  return [...out]
}

/** The blocking id of a stored key. */
export const blockingOfKey = (key: string) => key.slice(0, key.indexOf(':'))

/**
 * Rules for an object without defaults of its own, from its field types: the title's words decide
 * with e-mail, phone and website agreement; each of those is also a blocking key.
 */
function derivedRules(object: ObjectDef): DedupRulesInput | null {
  const active = object.fields.filter((f) => f.isActive)
  const title = active.find((f) => f.name === object.titleField && f.type === 'text')
  const of = (type: string) => active.filter((f) => f.type === type).map((f) => f.name)
  const emails = of('email')
  const phones = of('phone')
  const urls = of('url')
  const comparisons: DedupComparison[] = []
  const blocking: DedupRulesInput['blocking'] = []
  if (title) {
    comparisons.push({
      id: 'title',
      fields: [title.name],
      normaliser: 'tokens',
      measure: 'tokenSet',
      weight: 5,
      penalty: 3,
      agreeAt: 0.95,
      disagreeBelow: 0.6,
    })
    blocking.push({
      id: 'title',
      parts: [{ fields: [title.name], normaliser: 'tokens', take: 'tokens' }],
      maxBlockSize: 40,
    })
  }
  if (emails.length) {
    comparisons.push({
      id: 'email',
      fields: emails,
      normaliser: 'email',
      measure: 'exact',
      weight: 7,
      penalty: 1,
    })
    blocking.push({ id: 'email', parts: [{ fields: emails, normaliser: 'email' }], maxBlockSize: 20 })
  }
  if (phones.length) {
    comparisons.push({
      id: 'phone',
      fields: phones,
      normaliser: 'phone',
      measure: 'exact',
      weight: 5,
      penalty: 1,
    })
    blocking.push({ id: 'phone', parts: [{ fields: phones, normaliser: 'phone' }], maxBlockSize: 20 })
  }
  if (urls.length) {
    comparisons.push({ id: 'domain', fields: urls, normaliser: 'domain', measure: 'exact', weight: 4 })
    blocking.push({ id: 'domain', parts: [{ fields: urls, normaliser: 'domain' }], maxBlockSize: 30 })
  }
  if (blocking.length === 0) return null
  return { object: object.name, comparisons, threshold: 8, reviewThreshold: 6, blocking }
}
