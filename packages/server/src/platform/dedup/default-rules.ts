import type { DedupBlocking, DedupComparison, DedupRulesInput } from '@kemai/shared/api/dedup.api'

/**
 * The rules Kemai starts with. Points are chosen so that no single weak signal makes a duplicate and
 * household or office-level evidence does not outweigh a clearly different name:
 *
 * - the same name alone (5) is below the threshold (8); with the same mobile, e-mail, WeChat,
 *   birthday or address it is above;
 * - a shared phone and address with a clearly different name (colleagues on one switchboard, family
 *   members at home) stays below: 5.5 + 5 + 1 (company) − 4 = 7.5, a possible duplicate at most;
 * - the same birthday and address with a partly different name (a given name mistyped or replaced)
 *   is above: 7 + 5 − 2.
 *
 * The weights were set on febrl1 (see bench/dedup.bench.ts) and checked against the cases above;
 * docs/dedup.md explains how to read and change them.
 */

/** People (object `person`): name with pinyin and variants, phones, e-mail, WeChat, birthday, address. */
export const defaultPersonRules = {
  object: 'person',
  comparisons: [
    {
      id: 'name',
      fields: ['name'],
      normaliser: 'personName',
      measure: 'personName',
      weight: 5,
      penalty: 4,
      agreeAt: 0.95,
      disagreeBelow: 0.7,
    },
    // people have several addresses and numbers: a different one is only weak evidence against
    {
      id: 'email',
      fields: ['email', 'other_email', 'emails'],
      normaliser: 'email',
      measure: 'exact',
      weight: 7,
      penalty: 1,
    },
    // mobiles are personal, but an office line is shared: one comparison for both, weighted between
    {
      id: 'phone',
      fields: ['mobile', 'phone', 'other_phone', 'phones'],
      normaliser: 'phone',
      measure: 'exact',
      weight: 5.5,
      penalty: 1,
    },
    { id: 'wechat', fields: ['wechat'], normaliser: 'exact', measure: 'exact', weight: 7 },
    {
      id: 'birthday',
      fields: ['birthday'],
      normaliser: 'date',
      measure: 'date',
      weight: 7,
      penalty: 2,
      agreeAt: 1,
      disagreeBelow: 0.6,
    },
    {
      id: 'address',
      fields: ['address'],
      normaliser: 'address',
      measure: 'tokenSet',
      weight: 5,
      penalty: 1,
      agreeAt: 0.85,
      disagreeBelow: 0.5,
    },
    { id: 'company', fields: ['company'], normaliser: 'exact', measure: 'exact', weight: 1 },
  ],
  threshold: 8,
  reviewThreshold: 6,
  blocking: [
    {
      id: 'phone',
      parts: [{ fields: ['mobile', 'phone', 'other_phone', 'phones'], normaliser: 'phone' }],
      maxBlockSize: 20,
    },
    {
      id: 'email',
      parts: [{ fields: ['email', 'other_email', 'emails'], normaliser: 'email' }],
      maxBlockSize: 20,
    },
    { id: 'wechat', parts: [{ fields: ['wechat'], normaliser: 'exact' }], maxBlockSize: 20 },
    {
      id: 'name',
      parts: [{ fields: ['name'], normaliser: 'personName' }],
      maxBlockSize: 40,
      window: 6,
      sortBy: [{ fields: ['birthday'], normaliser: 'date' }],
    },
    {
      id: 'initials_birthday',
      parts: [
        { fields: ['name'], normaliser: 'personName', take: 'initials' },
        { fields: ['birthday'], normaliser: 'date' },
      ],
      maxBlockSize: 40,
    },
    {
      id: 'family_birthday',
      parts: [
        { fields: ['name'], normaliser: 'personName', take: 'family' },
        { fields: ['birthday'], normaliser: 'date' },
      ],
      maxBlockSize: 40,
    },
    {
      id: 'name_sorted',
      kind: 'sortedNeighbourhood',
      parts: [{ fields: ['name'], normaliser: 'personName' }],
      window: 4,
    },
    {
      id: 'address_sorted',
      kind: 'sortedNeighbourhood',
      parts: [{ fields: ['address'], normaliser: 'address' }],
      window: 4,
    },
  ],
} satisfies DedupRulesInput

/** Companies (object `company`): credit code, name forms, website/e-mail domain, phone, address. */
export const defaultCompanyRules = {
  object: 'company',
  comparisons: [
    {
      id: 'name',
      fields: ['name', 'former_names'],
      normaliser: 'companyForms',
      measure: 'jaroWinkler',
      weight: 5,
      penalty: 4,
      agreeAt: 0.95,
      disagreeBelow: 0.75,
    },
    // two different valid codes are two legal entities, whatever their names
    {
      id: 'credit_code',
      fields: ['credit_code'],
      normaliser: 'creditCode',
      measure: 'exact',
      weight: 10,
      penalty: 10,
    },
    {
      id: 'domain',
      fields: ['website', 'domain', 'email'],
      normaliser: 'domain',
      measure: 'exact',
      weight: 5,
    },
    { id: 'phone', fields: ['phone', 'phones'], normaliser: 'phone', measure: 'exact', weight: 4 },
    {
      id: 'address',
      fields: ['address'],
      normaliser: 'address',
      measure: 'tokenSet',
      weight: 2,
      penalty: 1,
      agreeAt: 0.9,
      disagreeBelow: 0.5,
    },
  ],
  threshold: 8,
  reviewThreshold: 5,
  blocking: [
    { id: 'credit_code', parts: [{ fields: ['credit_code'], normaliser: 'creditCode' }], maxBlockSize: 20 },
    {
      id: 'domain',
      parts: [{ fields: ['website', 'domain', 'email'], normaliser: 'domain' }],
      maxBlockSize: 30,
    },
    { id: 'phone', parts: [{ fields: ['phone', 'phones'], normaliser: 'phone' }], maxBlockSize: 20 },
    {
      id: 'core',
      parts: [{ fields: ['name', 'former_names'], normaliser: 'companyForms' }],
      maxBlockSize: 50,
    },
    {
      id: 'name_sorted',
      kind: 'sortedNeighbourhood',
      parts: [{ fields: ['name'], normaliser: 'companyForms' }],
      window: 5,
    },
  ],
} satisfies DedupRulesInput

/**
 * A product-like object (or any custom object with a name, a description, a code and a price):
 * the words and the model numbers of the name decide, the description and price help. Map the fields
 * of your object onto these names with `renameFields`.
 */
export const genericProductRules = {
  object: 'product',
  comparisons: [
    {
      id: 'name',
      fields: ['name'],
      normaliser: 'tokens',
      measure: 'tokenSet',
      weight: 6,
      penalty: 4,
      agreeAt: 0.95,
      disagreeBelow: 0.6,
    },
    {
      id: 'code',
      fields: ['code', 'name'],
      normaliser: 'codes',
      measure: 'overlap',
      weight: 5,
      penalty: 2,
    },
    {
      id: 'description',
      fields: ['description'],
      normaliser: 'tokens',
      measure: 'jaccard',
      weight: 2,
      agreeAt: 0.5,
    },
    {
      id: 'brand',
      fields: ['brand'],
      normaliser: 'text',
      measure: 'jaroWinkler',
      weight: 1,
      penalty: 1,
      agreeAt: 0.95,
      disagreeBelow: 0.8,
    },
    {
      id: 'price',
      fields: ['price'],
      normaliser: 'number',
      measure: 'numeric',
      weight: 1,
      penalty: 1,
      agreeAt: 0.9,
      disagreeBelow: 0.5,
    },
  ],
  threshold: 7,
  reviewThreshold: 5,
  blocking: [
    {
      id: 'code',
      parts: [{ fields: ['code', 'name'], normaliser: 'codes', take: 'tokens' }],
      maxBlockSize: 20,
    },
    {
      id: 'name_tokens',
      parts: [{ fields: ['name'], normaliser: 'tokens', take: 'tokens' }],
      maxBlockSize: 25,
    },
    {
      id: 'name_sorted',
      kind: 'sortedNeighbourhood',
      parts: [{ fields: ['name'], normaliser: 'text' }],
      window: 5,
    },
  ],
} satisfies DedupRulesInput

/** The rules Kemai applies to an object when it has none of its own. */
export const DEFAULT_RULES: Readonly<Record<string, DedupRulesInput>> = {
  person: defaultPersonRules,
  company: defaultCompanyRules,
}

/**
 * The same rules for an object whose fields have other names: `renameFields(genericProductRules,
 * 'paper', { name: 'title', description: 'abstract' })`. Comparisons and key parts whose fields all
 * map to `null` are dropped (the object has nothing like them).
 */
export function renameFields(
  rules: DedupRulesInput,
  object: string,
  mapping: Readonly<Record<string, string | null>>,
): DedupRulesInput {
  const map = (fields: readonly string[]) =>
    fields.flatMap((f) => {
      const to = f in mapping ? mapping[f] : f
      return to === null || to === undefined ? [] : [to]
    })
  const comparisons = rules.comparisons
    .map((c): DedupComparison => ({ ...c, fields: map(c.fields) }))
    .filter((c) => c.fields.length > 0)
  const blocking = rules.blocking
    .map((b): DedupBlocking => {
      const parts = b.parts.map((p) => ({ ...p, fields: map(p.fields) }))
      const sortBy = b.sortBy
        ?.map((p) => ({ ...p, fields: map(p.fields) }))
        .filter((p) => p.fields.length > 0)
      return { ...b, parts, ...(b.sortBy ? { sortBy: sortBy?.length ? sortBy : undefined } : {}) }
    })
    .filter((b) => b.parts.every((p) => p.fields.length > 0))
  return { ...rules, object, comparisons, blocking }
}
