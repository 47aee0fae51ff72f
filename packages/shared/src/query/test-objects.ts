import type { FieldDef, FieldOptions, FieldType, ObjectDef } from '../fields.ts'

/** Two objects with a field of every type, relations between them, for the filter language's tests. */

const field = (name: string, type: FieldType, options: FieldOptions = {}): FieldDef => ({
  name,
  type,
  label: { 'zh-CN': name, en: name },
  options,
  isSystem: false,
  isActive: true,
})

const object = (name: string, fields: FieldDef[]): ObjectDef => ({
  name,
  label: { 'zh-CN': name, en: name },
  pluralLabel: { 'zh-CN': name, en: `${name}s` },
  isSystem: false,
  isActive: true,
  module: null,
  titleField: 'name',
  fields,
})

export const companyObject: ObjectDef = object('company', [
  field('name', 'text'),
  field('industry', 'select', { choices: [{ value: 'it' }, { value: 'retail' }, { value: '制造' }] }),
  field('revenue', 'currency', { currency: 'CNY' }),
  field('employees', 'number'),
  field('rating', 'rating', { scale: 5 }),
  field('founded', 'date'),
  field('signed_at', 'datetime'),
  field('tags', 'tags'),
  field('address', 'address'),
  field('parent', 'relation', { target: 'company' }),
  field('website', 'url'),
  field('active', 'boolean'),
  field('manager', 'user'),
  { ...field('legacy_code', 'text'), isActive: false },
])

export const contactObject: ObjectDef = object('contact', [
  field('name', 'text'),
  field('email', 'email'),
  field('phone', 'phone'),
  field('notes', 'long_text'),
  field('score', 'percent'),
  field('birthday', 'date'),
  field('last_contacted', 'datetime'),
  field('vip', 'boolean'),
  field('skills', 'multi_select', { choices: [{ value: 'sql' }, { value: 'ts' }, { value: '销售' }] }),
  field('company', 'relation', { target: 'company' }),
  field('assistant', 'relation', { target: 'contact' }),
  field('data', 'json'),
  field('avatar', 'file'),
  field('reviewer', 'user'),
  field('deal_size', 'currency', { currency: 'CNY' }),
  field('deals', 'many_to_many', { target: 'company', junction: 'contact_deal' }),
  field('ghost', 'relation', { target: 'nowhere' }),
])

const objects = new Map([companyObject, contactObject].map((o) => [o.name, o]))
export const resolveTestObject = (name: string): ObjectDef | undefined => objects.get(name)
