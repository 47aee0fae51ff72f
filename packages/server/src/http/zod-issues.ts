import type { z } from 'zod'
import type { FieldIssue } from '../platform/errors.ts'

/** zod issues → our field issues (path joined with dots, code from the closed list). */
export function zodIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((i): FieldIssue[] => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.') || 'body'
    switch (i.code) {
      case 'invalid_type':
        // zod 4 leaves `input` out of issues (unless `reportInput`); its message still says what came
        return ('input' in i ? i.input === undefined : /received undefined$/.test(i.message))
          ? [{ path, code: 'required' }]
          : [{ path, code: 'invalid_type', params: { expected: i.expected } }]
      case 'too_big':
        return [
          i.origin === 'string'
            ? { path, code: 'too_long', params: { max: i.maximum } }
            : i.origin === 'array'
              ? { path, code: 'too_large', params: { max: i.maximum } }
              : { path, code: 'too_big', params: { max: i.maximum } },
        ]
      case 'too_small':
        return [
          i.origin === 'string'
            ? { path, code: 'too_short', params: { min: i.minimum } }
            : i.origin === 'array' && i.minimum === 1
              ? { path, code: 'required' }
              : { path, code: 'too_small', params: { min: i.minimum } },
        ]
      case 'invalid_format':
        return [
          {
            path,
            code:
              i.format === 'email' ? 'invalid_email' : i.format === 'url' ? 'invalid_url' : 'invalid_format',
          },
        ]
      case 'unrecognized_keys':
        return i.keys.map((k) => ({
          path: [path === 'body' ? '' : path, k].filter(Boolean).join('.'),
          code: 'unknown_field',
        }))
      case 'invalid_value':
        return [{ path, code: 'invalid_option', params: { value: String(i.values?.[0] ?? '') } }]
      case 'invalid_union':
        return [{ path, code: 'invalid_value' }]
      default:
        return [{ path, code: 'invalid_value' }]
    }
  })
}
