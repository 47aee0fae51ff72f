import { division, parseAddressText } from '@kemai/shared/divisions'
import type { AddressValue, FieldDef, FieldType, ObjectDef } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { type CardProperty, escapeText, formatCard, structured } from './vcard-writer.ts'

/**
 * Which of the fields an actor may read become which vCard properties. Fields are found by name and type,
 * the names the import maps vCard columns back to (import/vcard.ts, mapping.ts): name → FN,
 * family_name/given_name → N, company (relation) + department → ORG, title → TITLE, every e-mail field →
 * EMAIL, every phone field → TEL, address → ADR, birthday → BDAY, a note field → NOTE, wechat → X-WECHAT.
 */
export interface CardFields {
  fn: string | null
  family: string | null
  given: string | null
  /** the relation whose target record's title is the organisation name */
  company: { field: string; target: string } | null
  department: string | null
  title: string | null
  emails: string[]
  phones: { field: string; type: string }[]
  address: string | null
  birthday: string | null
  note: string | null
  wechat: string | null
}

/** Fields that hold free notes about a person, in order of preference. */
const NOTE_FIELDS = ['note', 'notes', 'description', 'remark', 'remarks']

/**
 * TEL's TYPE by field name. The import reads TYPE=cell back as the mobile and the first other number as the
 * work phone.
 */
function phoneType(name: string): string {
  if (/mobile|cell/.test(name)) return 'cell'
  if (/fax/.test(name)) return 'fax'
  if (name === 'phone' || /work|office/.test(name)) return 'work,voice'
  return 'voice'
}

export function cardFields(object: ObjectDef, readable: readonly FieldDef[]): CardFields {
  const find = (names: readonly string[], types: readonly FieldType[]): FieldDef | undefined => {
    for (const n of names) {
      const f = readable.find((x) => x.name === n && types.includes(x.type))
      if (f) return f
    }
    return undefined
  }
  const name = (names: readonly string[], types: readonly FieldType[]) => find(names, types)?.name ?? null
  const company = find(['company'], ['relation'])
  return {
    fn: readable.some((f) => f.name === object.titleField) ? object.titleField : null,
    family: name(['family_name'], ['text']),
    given: name(['given_name'], ['text']),
    company: company?.options.target ? { field: company.name, target: company.options.target } : null,
    department: name(['department'], ['text']),
    title: name(['title', 'job_title'], ['text']),
    emails: readable.filter((f) => f.type === 'email').map((f) => f.name),
    phones: readable
      .filter((f) => f.type === 'phone')
      .map((f) => ({ field: f.name, type: phoneType(f.name) })),
    address: name(['address'], ['address']) ?? readable.find((f) => f.type === 'address')?.name ?? null,
    birthday: name(['birthday', 'birth_date', 'date_of_birth'], ['date']),
    note: name(NOTE_FIELDS, ['long_text', 'text']),
    wechat: name(['wechat', 'wechat_id', 'weixin'], ['text']),
  }
}

// Placeholder rows of the division data (not names anyone writes on an envelope).
const PLACEHOLDERS = new Set(['县', '省直辖县', '市辖区', '自治区直辖县级行政区划'])

/**
 * What follows the divisions at the start of the address text, with the user's own spacing: "浙江省杭州市
 * 西湖区 文三路 90 号" → "文三路 90 号". The text is taken whole when its divisions differ from the codes.
 */
function streetOf(a: AddressValue): string {
  const text = (a.text ?? '').trim()
  if (!text || !(a.province || a.city || a.district)) return text
  const p = parseAddressText(text)
  const read = (['province', 'city', 'district'] as const).filter((k) => p[k])
  if (read.length === 0 || read.some((k) => p[k] !== a[k])) return text
  // parseAddressText answers `rest` without whitespace (NFKC): skip as many such characters in the text
  const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '')
  let skip = squeeze(text).length - p.rest.length
  const chars = [...text]
  let i = 0
  while (i < chars.length && skip > 0) skip -= squeeze(chars[i++]!).length
  return chars.slice(i).join('').trim()
}

function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code
  } catch {
    return code
  }
}

/**
 * ADR's seven components (post office box; extended; street; locality; region; postal code; country):
 * region = the province, locality = city and district (written together, as Chinese addresses are),
 * street = the rest of the text. A Chinese address names its country in Chinese, like its divisions, so a
 * reader joining the components (Kemai's import does: big to small) gets one Chinese line back.
 */
export function adrComponents(a: AddressValue, locale: Locale): string[] | null {
  const name = (code?: string) => (code ? (division(code)?.name ?? '') : '')
  const region = name(a.province)
  const locality = [name(a.city), name(a.district)]
    .filter((n) => n && !PLACEHOLDERS.has(n) && n !== region)
    .filter((n, i, all) => all.indexOf(n) === i)
    .join('')
  const street = streetOf(a)
  const hasDivisions = !!(a.province || a.city || a.district)
  const country = a.country ? countryName(a.country, hasDivisions ? 'zh-CN' : locale) : ''
  if (!street && !locality && !region && !country) return null
  return ['', '', street, locality, region, '', country]
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')

/** `2024-05-01T12:34:56.789Z` → `20240501T123456Z` (RFC 6350 timestamp, UTC). */
export function revTimestamp(iso: string): string | null {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return null
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')
}

/**
 * One record as a vCard 4.0. `orgName` is the title of the record the company relation points at, when the
 * actor may read it. Empty values leave their property out; FN is always written (RFC 6350 requires it).
 */
export function personCard(
  rec: Record<string, unknown>,
  f: CardFields,
  ctx: { orgName: string | null; locale: Locale },
): string {
  const get = (k: string | null) => (k ? text(rec[k]) : '')
  const props: CardProperty[] = []
  const family = get(f.family)
  const given = get(f.given)
  const hanName = /[\u3400-\u9fff]/.test(family + given)
  const fn = get(f.fn) || (hanName ? `${family}${given}` : [given, family].filter(Boolean).join(' '))
  props.push({ name: 'FN', value: escapeText(fn) })
  if (family || given) props.push({ name: 'N', value: structured([family, given, '', '', '']) })
  const org = ctx.orgName?.trim() ?? ''
  const department = get(f.department)
  if (org || department)
    props.push({ name: 'ORG', value: structured(department ? [org, department] : [org]) })
  const title = get(f.title)
  if (title) props.push({ name: 'TITLE', value: escapeText(title) })
  for (const e of f.emails) {
    const v = get(e)
    if (v) props.push({ name: 'EMAIL', value: escapeText(v) })
  }
  // a plain number, not a tel: URI: RFC 6350 keeps text as TEL's default value type, and vCard 3 readers
  // (phones, Outlook) and Kemai's own import read it as it is
  for (const p of f.phones) {
    const v = get(p.field)
    if (v) props.push({ name: 'TEL', params: { TYPE: p.type }, value: escapeText(v) })
  }
  const address = f.address ? rec[f.address] : null
  if (address && typeof address === 'object') {
    const adr = adrComponents(address as AddressValue, ctx.locale)
    if (adr) props.push({ name: 'ADR', value: structured(adr) })
  }
  const bday = /^(\d{4})-(\d{2})-(\d{2})$/.exec(get(f.birthday))
  if (bday) props.push({ name: 'BDAY', value: `${bday[1]}${bday[2]}${bday[3]}` })
  const note = get(f.note)
  if (note) props.push({ name: 'NOTE', value: escapeText(note) })
  const wechat = get(f.wechat)
  if (wechat) props.push({ name: 'X-WECHAT', value: escapeText(wechat) })
  if (typeof rec.id === 'string') props.push({ name: 'UID', value: `urn:uuid:${rec.id}` })
  const rev = typeof rec.updated_at === 'string' ? revTimestamp(rec.updated_at) : null
  if (rev) props.push({ name: 'REV', value: rev })
  return formatCard([{ name: 'PRODID', value: '-//Kemai//Kemai CRM//EN' }, ...props])
}
