import { z } from 'zod'

/**
 * Duplicate detection: matching rules as data (per object), and the pairs and clusters a scan or a
 * check returns. The engine is `packages/server/src/platform/dedup`; docs/dedup.md explains the format.
 *
 * A rule set scores a pair of records by adding the points of its comparisons: each comparison
 * normalises one or more fields of both records, measures their similarity (0..1) and turns it into
 * points between `-penalty` (similarity ≤ `disagreeBelow`) and `weight` (similarity ≥ `agreeAt`),
 * linearly in between. A missing value on either side gives 0 points. Pairs at or above `threshold`
 * are duplicates; pairs at or above `reviewThreshold` (if set) are possible duplicates to review.
 * Only pairs that share a blocking key are ever compared.
 */

const id = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'invalid_name')
/** a field name, or a path into a structured value (`address.text`) */
const fieldPath = z.string().regex(/^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/, 'invalid_field')

export const dedupNormaliserSchema = z
  .enum([
    /** trimmed, nothing else */
    'exact',
    /** clean text: full-width → half-width, traditional → simplified, lower-case, accents folded */
    'text',
    /** `text` split into distinct words (and single Han characters) */
    'tokens',
    /** model/part numbers inside text: words with letters and digits, hyphens removed (`ps-lx350h` → `pslx350h`) */
    'codes',
    /** E.164, default region CN */
    'phone',
    'email',
    /** registrable domain of a URL, host or e-mail address */
    'domain',
    /** the employer's domain of an e-mail address (none for free-mail providers such as qq.com, gmail.com) */
    'emailDomain',
    /** 统一社会信用代码, only when its GB 32100-2015 check character is right */
    'creditCode',
    /** legal forms, brackets and branches removed: 阿里巴巴(中国)有限公司 → 阿里巴巴 */
    'companyName',
    /** also region and industry words removed: 杭州阿里巴巴网络技术有限公司 → 阿里巴巴 */
    'companyCore',
    /** the core and its pinyin (阿里巴巴 → 阿里巴巴, alibaba): cross-script comparison */
    'companyForms',
    /** structured name with pinyin and romanisation variants: 张伟 ≈ 張偉 ≈ Zhang Wei ≈ Wei Zhang */
    'personName',
    /** number (strings with separators and currency signs accepted) */
    'number',
    /** calendar date, YYYY-MM-DD (also YYYYMMDD, YYYY/M/D, 2024年3月5日) */
    'date',
    /** address value ({province, city, district, text} or text) as tokens */
    'address',
  ])
  .meta({ id: 'DedupNormaliser' })
export type DedupNormaliser = z.infer<typeof dedupNormaliserSchema>

export const dedupMeasureSchema = z
  .enum([
    /** 1 when equal, else 0 */
    'exact',
    'jaroWinkler',
    /** 1 − Levenshtein distance / longer length */
    'levenshtein',
    /** like levenshtein, with adjacent transpositions as one edit (optimal string alignment) */
    'damerau',
    /** token-set ratio (as in fuzzywuzzy/rapidfuzz): word order and repeated words do not matter */
    'tokenSet',
    /** shared tokens / all tokens */
    'jaccard',
    /** shared tokens / tokens of the shorter side */
    'overlap',
    /** for `personName` values: best reading pair, surname variants, initials */
    'personName',
    /** 1 − |a − b| / scale (or / the larger magnitude when no scale is given) */
    'numeric',
    /** same date 1, a one-digit typo or swapped day/month 0.7–0.8, else 1 − days / scale (default 365) */
    'date',
  ])
  .meta({ id: 'DedupMeasure' })
export type DedupMeasure = z.infer<typeof dedupMeasureSchema>

export const dedupComparisonSchema = z
  .object({
    id,
    /** the values of all fields listed are pooled; the best-matching pair of values counts */
    fields: z.array(fieldPath).min(1).max(10),
    normaliser: dedupNormaliserSchema,
    measure: dedupMeasureSchema,
    /** points when the values agree */
    weight: z.number().positive().max(100),
    /** points taken away when they disagree (0: disagreement is not evidence) */
    penalty: z.number().min(0).max(100).default(0),
    /** similarity from which the full weight counts */
    agreeAt: z.number().min(0).max(1).default(1),
    /** similarity up to which the penalty counts */
    disagreeBelow: z.number().min(0).max(1).default(0),
    /** `numeric`: the difference that counts as total disagreement; `date`: days (default 365) */
    scale: z.number().positive().optional(),
  })
  .strict()
  .refine((c) => c.agreeAt > c.disagreeBelow, {
    message: 'agreeAt must be above disagreeBelow',
    path: ['agreeAt'],
  })
  .meta({ id: 'DedupComparison' })
export type DedupComparison = z.input<typeof dedupComparisonSchema>

export const dedupKeyPartSchema = z
  .object({
    fields: z.array(fieldPath).min(1).max(10),
    normaliser: dedupNormaliserSchema,
    /**
     * which key the normalised value gives: `value` itself (each value of a list), `tokens` (each word),
     * `initials` (of a name, order-free), `family` (canonical surname of a person name), `prefix`
     * (first `length` characters), `year` (of a date)
     */
    take: z.enum(['value', 'tokens', 'initials', 'family', 'prefix', 'year']).default('value'),
    length: z.number().int().min(1).max(50).optional(),
  })
  .strict()
export type DedupKeyPart = z.input<typeof dedupKeyPartSchema>

export const dedupBlockingSchema = z
  .object({
    id,
    /**
     * `equal`: records with the same key are compared (a key made of several parts is their
     * combination, e.g. name initials + birth year). `sortedNeighbourhood`: records are sorted by the key
     * and each is compared with the next `window − 1`.
     */
    kind: z.enum(['equal', 'sortedNeighbourhood']).default('equal'),
    parts: z.array(dedupKeyPartSchema).min(1).max(4),
    /**
     * `equal` blocks larger than this are not compared all-pairs: with `sortBy` they are compared as a
     * sorted neighbourhood of `window`, without it they are skipped (a stop word, a shared switchboard).
     */
    maxBlockSize: z.number().int().min(2).max(100_000).default(100),
    window: z.number().int().min(2).max(100).default(5),
    sortBy: z.array(dedupKeyPartSchema).min(1).max(4).optional(),
  })
  .strict()
  .meta({ id: 'DedupBlocking' })
export type DedupBlocking = z.input<typeof dedupBlockingSchema>

export const dedupRulesSchema = z
  .object({
    /** the object these rules are for (`person`, `company`, a custom object) */
    object: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
    comparisons: z.array(dedupComparisonSchema).min(1).max(30),
    /** score (points) at and above which a pair is a duplicate */
    threshold: z.number(),
    /** score at and above which a pair is a possible duplicate, for review; ≤ threshold */
    reviewThreshold: z.number().optional(),
    blocking: z.array(dedupBlockingSchema).min(1).max(16),
  })
  .strict()
  .refine((r) => r.reviewThreshold === undefined || r.reviewThreshold <= r.threshold, {
    message: 'reviewThreshold must not exceed threshold',
    path: ['reviewThreshold'],
  })
  .refine((r) => new Set(r.comparisons.map((c) => c.id)).size === r.comparisons.length, {
    message: 'comparison ids must be unique',
    path: ['comparisons'],
  })
  .meta({ id: 'DedupRules' })
/** rules as written (defaults may be left out) */
export type DedupRulesInput = z.input<typeof dedupRulesSchema>
/** rules after parsing (defaults filled in) */
export type DedupRules = z.output<typeof dedupRulesSchema>

/** Why a pair scored what it did: one entry per comparison that had values on both sides. */
export const dedupReasonSchema = z
  .object({
    comparison: z.string(),
    /** similarity of the best pair of normalised values, 0..1 */
    similarity: z.number(),
    /** points this comparison added (negative: it counted against) */
    points: z.number(),
    /** the normalised values that were compared, for display */
    left: z.string(),
    right: z.string(),
  })
  .meta({ id: 'DedupReason' })
export type DedupReason = z.infer<typeof dedupReasonSchema>

export const dedupPairSchema = z
  .object({
    a: z.string(),
    b: z.string(),
    score: z.number(),
    /** `duplicate`: score ≥ threshold; `possible`: reviewThreshold ≤ score < threshold */
    decision: z.enum(['duplicate', 'possible']),
    reasons: z.array(dedupReasonSchema),
  })
  .meta({ id: 'DedupPair' })
export type DedupPair = z.infer<typeof dedupPairSchema>

/**
 * A record that a create or an edit may duplicate (409 `duplicate_candidates`). Each reason also names
 * the record fields its comparison read, so a client can label it in the user's language.
 */
export const duplicateCandidateSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    score: z.number(),
    decision: z.enum(['duplicate', 'possible']),
    reasons: z.array(dedupReasonSchema.extend({ fields: z.array(z.string()) })),
  })
  .meta({ id: 'DuplicateCandidate' })
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>

/**
 * The index the duplicate check on create and edit looks candidates up in (docs/dedup.md "The key index").
 * `building`: a background job derives every record's keys again (rules changed, check just turned on), and
 * until it is `ready` the check finds candidates only among the records already indexed; `failed`: its
 * retries ran out (`error`), the next start or metadata change resumes it. `done` / `total` records;
 * `total` is null until the build's first batch has counted them.
 */
export const dedupKeyIndexSchema = z
  .object({
    status: z.enum(['building', 'ready', 'failed']),
    done: z.number().int(),
    total: z.number().int().nullable(),
    startedAt: z.string().nullable(),
    builtAt: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'DedupKeyIndex' })
export type DedupKeyIndex = z.infer<typeof dedupKeyIndexSchema>

export const dedupClusterSchema = z
  .object({
    /** record ids, at least two, joined through duplicate pairs */
    ids: z.array(z.string()).min(2),
    /** the lowest and highest score among the cluster's duplicate pairs */
    minScore: z.number(),
    maxScore: z.number(),
  })
  .meta({ id: 'DedupCluster' })
export type DedupCluster = z.infer<typeof dedupClusterSchema>
