import {
  type FormField,
  HONEYPOT_FIELD,
  isFormFieldType,
  type LocalizedText,
  type PublicForm,
  type PublicFormField,
} from '../api/forms.api.ts'
import type { FieldDef, ObjectDef } from '../fields.ts'

/**
 * How a form looks to a visitor, built from the form and its object's metadata: used by the server's public
 * endpoint and by the editor's live preview, so the preview is what visitors get.
 */

/** The texts a visitor reads when the form leaves them empty. */
const DEFAULTS = {
  submitLabel: { 'zh-CN': '提交', en: 'Submit' },
  successMessage: { 'zh-CN': '提交成功，感谢您的信息！', en: 'Thank you! We have received your details.' },
}

export type Both = { 'zh-CN': string; en: string }

/** A text in both languages: each from itself, else from the other language, else the default. */
export function bothLanguages(t: LocalizedText | undefined, fallback: Both): Both {
  const zh = t?.['zh-CN'] || undefined
  const en = t?.en || undefined
  return { 'zh-CN': zh ?? en ?? fallback['zh-CN'], en: en ?? zh ?? fallback.en }
}

/** Must the field be given on every record: required by the object and without a default? */
export const requiredByObject = (f: FieldDef) =>
  f.isActive && f.options.required === true && f.options.default === undefined

/** A localized text without its empty languages (undefined when both are empty). */
export function pruned(t: LocalizedText | undefined): LocalizedText | undefined {
  if (!t) return undefined
  const out: LocalizedText = {}
  if (t['zh-CN']) out['zh-CN'] = t['zh-CN']
  if (t.en) out.en = t.en
  return out['zh-CN'] || out.en ? out : undefined
}

export function publicField(def: FieldDef, f: FormField, currency: string): PublicFormField | null {
  if (!def.isActive || !isFormFieldType(def.type)) return null
  const o = def.options
  const text = (t: LocalizedText | undefined) => (t && (t['zh-CN'] || t.en) ? pruned(t)! : null)
  return {
    name: def.name,
    type: def.type,
    label: bothLanguages(f.label, def.label),
    required: f.required || requiredByObject(def),
    placeholder: text(f.placeholder),
    help: text(f.help ?? o.help),
    choices: (def.type === 'select' || def.type === 'multi_select' ? (o.choices ?? []) : []).map((c) => ({
      value: c.value,
      label: bothLanguages(c.label, { 'zh-CN': c.value, en: c.value }),
    })),
    maxLength: o.maxLength ?? null,
    min: o.min ?? null,
    max: o.max ?? null,
    scale: def.type === 'rating' ? (o.scale ?? 5) : null,
    precision: o.precision ?? null,
    currency: def.type === 'currency' ? (o.currency ?? currency) : null,
  }
}

/**
 * What the public page shows: labels and texts in both languages, each field with the checks it takes.
 * A field deleted or made unfit since the form was saved is left out (the records service still asks
 * for what the object requires).
 */
export interface FormSource {
  key: string
  name: string
  fields: readonly FormField[]
  redirectUrl: string | null
  title?: LocalizedText | undefined
  description?: LocalizedText | undefined
  submitLabel?: LocalizedText | undefined
  successMessage?: LocalizedText | undefined
}

/**
 * What the public page shows: labels and texts in both languages, each field with the checks it takes.
 * Hidden fields are left out (their values are the server's to add), and so is a field deleted or made
 * unfit since the form was saved (the records service still asks for what the object requires).
 */
export function publicDefinition(form: FormSource, object: ObjectDef, currency: string): PublicForm {
  const fields: PublicFormField[] = []
  for (const f of form.fields) {
    if (f.hidden) continue
    const def = object.fields.find((x) => x.name === f.field)
    const p = def ? publicField(def, f, currency) : null
    if (p) fields.push(p)
  }
  return {
    key: form.key,
    title: bothLanguages(form.title, { 'zh-CN': form.name, en: form.name }),
    description: bothLanguages(form.description, { 'zh-CN': '', en: '' }),
    submitLabel: bothLanguages(form.submitLabel, DEFAULTS.submitLabel),
    successMessage: bothLanguages(form.successMessage, DEFAULTS.successMessage),
    redirectUrl: form.redirectUrl,
    fields,
    honeypot: HONEYPOT_FIELD,
  }
}
