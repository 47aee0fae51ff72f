import { type FormField, isFormFieldType } from '@kemai/shared/api/forms.api'
import type { ObjectDef } from '@kemai/shared/fields'
import { pruned, publicDefinition, publicField, requiredByObject } from '@kemai/shared/forms/definition'
import { formFieldRule } from '@kemai/shared/forms/submission'
import type { FieldIssue } from '../errors.ts'
import type { WorkspaceSchema } from '../metadata/service.ts'
import type { FormRow } from './forms.repo.ts'

/** The active object a form may fill, or undefined. */
export function formObject(schema: WorkspaceSchema, name: string): ObjectDef | undefined {
  const o = schema.objects.get(name)
  return o?.isActive ? o : undefined
}

/**
 * Checks a form's fields against the object's metadata: every field exists, is active and of a type a form
 * can take, appears once, and every field the object requires without a default is on the form. The
 * issues' paths point into the request body (`fields.2.field`).
 */
export function checkFormFields(object: ObjectDef, fields: readonly FormField[]): FieldIssue[] {
  const issues: FieldIssue[] = []
  const seen = new Set<string>()
  for (const [i, f] of fields.entries()) {
    const def = object.fields.find((x) => x.name === f.field)
    const path = `fields.${i}.field`
    if (!def?.isActive) issues.push({ path, code: 'forms.unknown_field', params: { field: f.field } })
    else if (!isFormFieldType(def.type))
      issues.push({ path, code: 'forms.field_type', params: { field: f.field, type: def.type } })
    else if (seen.has(f.field))
      issues.push({ path, code: 'forms.duplicate_field', params: { field: f.field } })
    else if (f.hidden) {
      const r = formFieldRule({ ...publicField(def, f, 'CNY')!, required: true }).safeParse(f.value)
      const i0 = r.success ? undefined : r.error.issues[0]
      if (i0)
        issues.push({
          path: `fields.${i}.value`,
          code: i0.message,
          params: (i0 as { params?: Record<string, unknown> }).params ?? {},
        })
    }
    seen.add(f.field)
  }
  for (const def of object.fields)
    if (requiredByObject(def) && !seen.has(def.name))
      issues.push({ path: 'fields', code: 'forms.required_missing', params: { field: def.name } })
  return issues
}

/** The fields as stored: a field the object requires is required on the form too. */
export function normaliseFields(object: ObjectDef, fields: readonly FormField[]): FormField[] {
  return fields.map((f) => {
    const def = object.fields.find((x) => x.name === f.field)
    const out: FormField = {
      field: f.field,
      required: f.required || (def ? requiredByObject(def) : false),
      hidden: f.hidden,
    }
    for (const k of ['label', 'placeholder', 'help'] as const) {
      const t = f[k]
      if (t && (t['zh-CN'] || t.en)) out[k] = pruned(t)
    }
    if (f.hidden && def) {
      const r = formFieldRule({ ...publicField(def, f, 'CNY')!, required: true }).safeParse(f.value)
      if (r.success) out.value = r.data
    }
    return out
  })
}

/** The fixed values of the form's hidden fields (those still on the object). */
export function hiddenValues(row: FormRow, object: ObjectDef): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of row.fields) {
    const def = object.fields.find((x) => x.name === f.field)
    if (f.hidden && def?.isActive && isFormFieldType(def.type) && f.value !== undefined)
      out[f.field] = f.value
  }
  return out
}

/** The public definition of a stored form (shared with the editor's preview). */
export function publicDefinitionOf(row: FormRow, object: ObjectDef, currency: string) {
  return publicDefinition(
    { key: row.public_key, name: row.name, fields: row.fields, redirectUrl: row.redirect_url, ...row.texts },
    object,
    currency,
  )
}
