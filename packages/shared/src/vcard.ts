import type { FieldDef } from './fields.ts'

/**
 * Whether an object's records can be exported as vCards (RFC 6350): its title is a person's name, that is
 * an active text field marked `personName` (the person object, or a custom object of people). The server
 * refuses other objects and the web app offers the vCard export only for these.
 *
 * @example exportsVcard(personObject) // true; exportsVcard(companyObject) // false
 */
export function exportsVcard(object: {
  titleField: string
  fields: readonly Pick<FieldDef, 'name' | 'type' | 'options' | 'isActive'>[]
}): boolean {
  const title = object.fields.find((f) => f.name === object.titleField)
  return !!title && title.isActive && title.type === 'text' && title.options.personName === true
}
