import { describe, expect, it } from 'vitest'
import type { WorkspaceSchema } from './service.ts'
import { checkName, validateOptions } from './validate.ts'

const schema = { objects: new Map([['company', {}]]) } as unknown as WorkspaceSchema

describe('metadata names and options', () => {
  it('accepts snake_case names and refuses the rest', () => {
    expect(checkName('deal_size', 'name')).toBeNull()
    for (const bad of ['Deal', '1st', 'a-b', 'a b', '', 'x'.repeat(49), "x'; drop", null, 42]) {
      expect(checkName(bad, 'name')?.code, String(bad)).toBe('invalid_name')
    }
    for (const reserved of ['owner_id', 'version', 'amount__cur', 'pg_class', 'select']) {
      expect(checkName(reserved, 'name')?.code).toBe('reserved_name')
    }
  })

  it('checks options per type', () => {
    expect(() => validateOptions('relation', {}, schema)).toThrow()
    expect(validateOptions('relation', { target: 'company' }, schema).target).toBe('company')
    expect(() => validateOptions('select', { choices: [{ value: 'a' }, { value: 'a' }] }, schema)).toThrow()
    expect(() => validateOptions('text', { regex: '([' }, schema)).toThrow()
    expect(() => validateOptions('number', { min: 5, max: 1 }, schema)).toThrow()
    expect(() => validateOptions('json', { unique: true }, schema)).toThrow()
    expect(() => validateOptions('text', { nope: 1 }, schema)).toThrow()
    expect(validateOptions('text', { required: true, maxLength: 20 }, schema)).toEqual({
      required: true,
      maxLength: 20,
    })
  })
})
