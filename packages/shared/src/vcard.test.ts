import { describe, expect, it } from 'vitest'
import type { FieldDef } from './fields.ts'
import { exportsVcard } from './vcard.ts'

const f = (name: string, type: FieldDef['type'], options: FieldDef['options'] = {}, isActive = true) => ({
  name,
  type,
  options,
  isActive,
})

describe('exportsVcard', () => {
  it('is true for an object titled by an active person-name text field, and only then', () => {
    const name = f('name', 'text', { personName: true })
    expect(exportsVcard({ titleField: 'name', fields: [name, f('email', 'email')] })).toBe(true)
    // a company: its title is a name, but not a person's
    expect(exportsVcard({ titleField: 'name', fields: [f('name', 'text')] })).toBe(false)
    // the person-name field is not the title
    expect(exportsVcard({ titleField: 'code', fields: [f('code', 'text'), name] })).toBe(false)
    expect(
      exportsVcard({ titleField: 'name', fields: [f('name', 'text', { personName: true }, false)] }),
    ).toBe(false)
    expect(exportsVcard({ titleField: 'name', fields: [f('name', 'long_text', { personName: true })] })).toBe(
      false,
    )
    expect(exportsVcard({ titleField: 'missing', fields: [] })).toBe(false)
  })
})
