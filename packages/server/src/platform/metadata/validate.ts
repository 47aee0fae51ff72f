import {
  type FieldOptions,
  type FieldType,
  fieldOptionsSchema,
  NAME_PATTERN,
  SYSTEM_COLUMNS,
} from '@kemai/shared/fields'
import { errors, type FieldIssue } from '../errors.ts'
import { CURRENCY_SUFFIX } from './ddl.ts'
import type { WorkspaceSchema } from './service.ts'

/** Names and field options as the metadata engine accepts them. */

const RESERVED = new Set<string>([...SYSTEM_COLUMNS, 'record', 'object', 'table', 'select', 'from', 'where'])

export function checkName(name: unknown, path: string): FieldIssue | null {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) return { path, code: 'invalid_name' }
  if (RESERVED.has(name) || name.endsWith(CURRENCY_SUFFIX) || name.startsWith('pg_')) {
    return { path, code: 'reserved_name' }
  }
  return null
}

export function validateOptions(
  type: FieldType,
  options: unknown,
  schema: WorkspaceSchema,
  path = 'options',
): FieldOptions {
  const parsed = fieldOptionsSchema.safeParse(options ?? {})
  if (!parsed.success) {
    throw errors.validation(
      parsed.error.issues.map((i) => ({
        path: [path, ...i.path.map(String)].join('.'),
        code: 'invalid_value',
      })),
    )
  }
  const o = parsed.data
  const issues: FieldIssue[] = []
  if (type === 'relation' || type === 'many_to_many') {
    if (!o.target) issues.push({ path: `${path}.target`, code: 'required' })
    else if (!schema.objects.has(o.target)) issues.push({ path: `${path}.target`, code: 'not_found' })
  }
  if ((type === 'select' || type === 'multi_select') && !(o.choices && o.choices.length > 0)) {
    issues.push({ path: `${path}.choices`, code: 'required' })
  }
  if (o.choices) {
    const seen = new Set<string>()
    o.choices.forEach((c, i) => {
      if (seen.has(c.value)) issues.push({ path: `${path}.choices.${i}.value`, code: 'not_unique' })
      seen.add(c.value)
    })
  }
  if (o.regex !== undefined) {
    try {
      new RegExp(o.regex, 'u')
    } catch {
      issues.push({ path: `${path}.regex`, code: 'invalid_format' })
    }
  }
  if (o.unique && !['text', 'email', 'phone', 'url', 'number', 'select', 'date'].includes(type)) {
    issues.push({ path: `${path}.unique`, code: 'invalid_value' })
  }
  if (o.format !== undefined && type !== 'text') {
    issues.push({ path: `${path}.format`, code: 'invalid_value' })
  }
  if (o.min !== undefined && o.max !== undefined && o.min > o.max) {
    issues.push({ path: `${path}.min`, code: 'too_big', params: { max: o.max } })
  }
  if (issues.length) throw errors.validation(issues)
  return o
}
