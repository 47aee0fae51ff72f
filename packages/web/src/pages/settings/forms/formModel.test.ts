import { describe, expect, it } from 'vitest'
import { personMeta } from '../../../test/fixtures.ts'
import {
  addable,
  addField,
  createInput,
  missingRequired,
  moveField,
  newDraft,
  patchField,
  previewOf,
  removeField,
  updateInput,
} from './formModel.ts'

describe('form editor model', () => {
  it('starts a form with the title field, required fields and contact fields', () => {
    const d = newDraft(personMeta, '联系我们')
    expect(d.fields[0]).toMatchObject({ field: personMeta.titleField, required: true })
    expect(d.fields.some((f) => f.field === 'email')).toBe(true)
    expect(missingRequired(personMeta, d)).toEqual([])
  })

  it('adds, moves, changes and removes fields; never offers a field twice or an unfit type', () => {
    let d = newDraft(personMeta, 'x')
    const offered = addable(personMeta, d)
    expect(offered.some((f) => d.fields.some((x) => x.field === f.name))).toBe(false)
    expect(offered.every((f) => !['relation', 'user', 'tags', 'file', 'json'].includes(f.type))).toBe(true)
    d = addField(d, offered[0]!)
    const last = d.fields.length - 1
    d = moveField(d, last, -1)
    expect(d.fields[last - 1]!.field).toBe(offered[0]!.name)
    expect(moveField(d, 0, -1)).toBe(d)
    d = patchField(d, 0, { label: { en: 'Your name' } })
    expect(d.fields[0]!.label).toEqual({ en: 'Your name' })
    d = removeField(d, 0)
    expect(missingRequired(personMeta, d).map((f) => f.name)).toEqual([personMeta.titleField])
  })

  it('makes the API input and a preview that leaves hidden fields out', () => {
    let d = { ...newDraft(personMeta, ' 官网 '), redirectUrl: '  ' }
    d = addField(d, personMeta.fields.find((f) => f.name === 'title') ?? personMeta.fields[1]!)
    d = patchField(d, d.fields.length - 1, { hidden: true, value: 'x' })
    expect(createInput(d)).toMatchObject({ name: '官网', objectName: 'person', redirectUrl: null })
    expect(updateInput(d)).not.toHaveProperty('objectName')
    const p = previewOf(d, personMeta, 'CNY')
    expect(p.title).toEqual({ 'zh-CN': ' 官网 ', en: ' 官网 ' })
    expect(p.fields).toHaveLength(d.fields.length - 1)
  })
})
