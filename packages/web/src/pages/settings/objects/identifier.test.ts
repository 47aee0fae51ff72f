import { NAME_PATTERN } from '@kemai/shared/fields'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IDENTIFIER, toIdentifier, uniqueIdentifier } from './identifier.ts'

describe('identifiers from labels', () => {
  it('turns English labels into snake_case names', () => {
    expect(toIdentifier('Service contract')).toBe('service_contract')
    expect(toIdentifier('  Café — Orders 2026 ')).toBe('cafe_orders_2026')
    expect(toIdentifier('dueDate')).toBe('due_date')
    expect(toIdentifier('3D models')).toBe('d_models')
    expect(toIdentifier('合同')).toBe('')
  })

  it('keeps the same rule as the server for any label', () => {
    expect(IDENTIFIER.source).toBe(NAME_PATTERN.source)
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const id = toIdentifier(s)
        return id === '' || NAME_PATTERN.test(id)
      }),
    )
  })

  it('proposes a free name when the derived one is taken', () => {
    expect(uniqueIdentifier('task', new Set(['task', 'task_2']))).toBe('task_3')
    const long = 'x'.repeat(48)
    const id = uniqueIdentifier(long, new Set([long]))
    expect(id).toHaveLength(48)
    expect(NAME_PATTERN.test(id)).toBe(true)
  })
})
