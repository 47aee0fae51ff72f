import type { DedupReviewReason } from '@kemai/shared/api/dedup-review.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { TFunction } from 'i18next'
import type { ObjectMeta } from '../endpoints.ts'
import { inSentence, labelOf } from '../label.ts'

/**
 * One reason of a pair in the user's language, labelled with the first field of the object its
 * comparison read ("Same mobile", "Similar name (90%)", "Different birthday"), as the duplicate
 * warning on create does (RecordForm/DuplicateCandidates.tsx).
 */
export function reasonText(r: DedupReviewReason, object: ObjectMeta, locale: Locale, t: TFunction): string {
  const f = object.fields.find((x) => r.fields.includes(x.name))
  const field = f ? inSentence(labelOf(f.label, locale), locale) : r.comparison
  const key =
    r.points < 0 ? 'duplicates.different' : r.similarity >= 1 ? 'duplicates.same' : 'duplicates.similar'
  return t(key, { field, percent: Math.round(r.similarity * 100) })
}
