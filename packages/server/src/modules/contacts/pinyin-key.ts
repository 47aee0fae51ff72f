import { pinyin } from 'pinyin-pro'

/**
 * The sort key of a name: its pinyin without tones, syllables separated by spaces, lower case; Latin
 * text is kept as written (lower case). `单雄信` → `shan xiong xin` (the surname reading), `Anna Müller`
 * → `anna müller`. Sorting this column gives the same pinyin order on PGlite and PostgreSQL, which have
 * no common Chinese collation (STACK.md §4.5).
 */
export function pinyinSortKey(name: unknown, opts: { personName?: boolean } = {}): string | null {
  if (typeof name !== 'string') return null
  const text = name.trim().slice(0, 200)
  if (text === '') return null
  const syllables = pinyin(text, {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    v: true,
    ...(opts.personName ? { surname: 'head' as const } : {}),
  })
  return syllables
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
}
