import {
  type CreateFormInput,
  type FormField,
  isFormFieldType,
  type LocalizedText,
  type PublicForm,
  type UpdateFormInput,
} from '@kemai/shared/api/forms.api'
import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import { publicDefinition, requiredByObject } from '@kemai/shared/forms/definition'
import type { FieldMeta, ObjectMeta } from '../../../platform/endpoints.ts'
import type { Form } from './api.ts'

/** What the editor holds: a form as the API takes it, with its object. */
export interface FormDraft {
  name: string
  objectName: string
  enabled: boolean
  ownerId: string | null
  redirectUrl: string
  fields: FormField[]
  title: LocalizedText
  description: LocalizedText
  submitLabel: LocalizedText
  successMessage: LocalizedText
}

export const asFieldDef = (f: FieldMeta) => f as unknown as FieldDef
export const asObjectDef = (o: ObjectMeta) => o as unknown as ObjectDef

/** Must the field be on every form of its object (required, without a default)? */
export const mustHave = (f: FieldMeta) => requiredByObject(asFieldDef(f))

/** Fields of the object a form can ask for. */
export const formableFields = (o: ObjectMeta) => o.fields.filter((f) => f.isActive && isFormFieldType(f.type))

/** A new form of an object: its title field and the fields it requires, then its e-mail and phone fields. */
export function newDraft(o: ObjectMeta, name: string): FormDraft {
  const fit = formableFields(o)
  const first = fit.filter((f) => f.name === o.titleField || mustHave(f))
  const contact = fit
    .filter((f) => (f.type === 'email' || f.type === 'phone') && !first.includes(f))
    .slice(0, 2)
  return {
    name,
    objectName: o.name,
    enabled: true,
    ownerId: null,
    redirectUrl: '',
    fields: [...first, ...contact].map((f) => ({ field: f.name, required: mustHave(f), hidden: false })),
    title: {},
    description: {},
    submitLabel: {},
    successMessage: {},
  }
}

export function draftOf(f: Form): FormDraft {
  return {
    name: f.name,
    objectName: f.objectName,
    enabled: f.enabled,
    ownerId: f.ownerId,
    redirectUrl: f.redirectUrl ?? '',
    fields: f.fields.map((x) => ({ ...x })),
    title: { ...f.title },
    description: { ...f.description },
    submitLabel: { ...f.submitLabel },
    successMessage: { ...f.successMessage },
  }
}

const texts = (d: FormDraft) => ({
  title: d.title,
  description: d.description,
  submitLabel: d.submitLabel,
  successMessage: d.successMessage,
})

export function createInput(d: FormDraft): CreateFormInput {
  return {
    name: d.name.trim(),
    objectName: d.objectName,
    enabled: d.enabled,
    ownerId: d.ownerId,
    redirectUrl: d.redirectUrl.trim() || null,
    fields: d.fields,
    ...texts(d),
  }
}

export function updateInput(d: FormDraft): UpdateFormInput {
  const { objectName: _, ...rest } = createInput(d)
  return rest
}

/** Fields of the object not on the form yet. */
export const addable = (o: ObjectMeta, d: FormDraft) =>
  formableFields(o).filter((f) => !d.fields.some((x) => x.field === f.name))

export function addField(d: FormDraft, f: FieldMeta): FormDraft {
  return { ...d, fields: [...d.fields, { field: f.name, required: mustHave(f), hidden: false }] }
}

export function moveField(d: FormDraft, i: number, by: -1 | 1): FormDraft {
  const j = i + by
  if (j < 0 || j >= d.fields.length) return d
  const fields = [...d.fields]
  ;[fields[i], fields[j]] = [fields[j]!, fields[i]!]
  return { ...d, fields }
}

export function removeField(d: FormDraft, i: number): FormDraft {
  return { ...d, fields: d.fields.filter((_, k) => k !== i) }
}

export function patchField(d: FormDraft, i: number, patch: Partial<FormField>): FormDraft {
  return { ...d, fields: d.fields.map((f, k) => (k === i ? { ...f, ...patch } : f)) }
}

/** The required fields of the object missing from the form (the server refuses to save without them). */
export const missingRequired = (o: ObjectMeta, d: FormDraft) =>
  formableFields(o).filter((f) => mustHave(f) && !d.fields.some((x) => x.field === f.name))

/** The form as a visitor will see it (the same builder as the server's public endpoint). */
export function previewOf(d: FormDraft, o: ObjectMeta, currency: string, key = 'preview'): PublicForm {
  return publicDefinition(
    { key, name: d.name, fields: d.fields, redirectUrl: d.redirectUrl.trim() || null, ...texts(d) },
    asObjectDef(o),
    currency,
  )
}
