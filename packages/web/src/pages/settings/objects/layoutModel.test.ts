import { layoutSchema } from '@kemai/shared/fields'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addSection,
  draftOf,
  moveField,
  moveSection,
  poolOf,
  removeSection,
  sameDraft,
  sectionOf,
  updateSection,
} from './layoutModel.ts'

const object = {
  layout: null,
  fields: [
    { name: 'name', isActive: true },
    { name: 'phone', isActive: true },
    { name: 'email', isActive: true },
    { name: 'fax', isActive: false },
  ],
}
const L = { 'zh-CN': '基本信息', en: 'Details' }

describe('layout model', () => {
  it('starts from one section with every active field when the object has no layout', () => {
    const d = draftOf(object, L)
    expect(d.sections).toEqual([
      { key: 'main', label: L, columns: 2, collapsed: false, fields: ['name', 'phone', 'email'] },
    ])
    expect(poolOf(d, object)).toEqual([])
  })

  it('keeps a stored layout and forgets fields that no longer exist', () => {
    const d = draftOf(
      {
        ...object,
        layout: {
          sections: [{ key: 'a', label: L, columns: 1, collapsed: true, fields: ['email', 'gone'] }],
        },
      },
      L,
    )
    expect(d.sections[0]).toMatchObject({ key: 'a', columns: 1, collapsed: true, fields: ['email'] })
    expect(poolOf(d, object)).toEqual(['name', 'phone'])
  })

  it('adds, renames, reorders and removes sections; fields move between them and back to the pool', () => {
    let d = draftOf(object, L)
    d = addSection(d, { 'zh-CN': '联系方式', en: 'Contact' })
    expect(d.sections.map((s) => s.key)).toEqual(['main', 'section_2'])
    d = moveField(d, 'phone', 'section_2')
    d = moveField(d, 'email', 'section_2', 0)
    expect(d.sections[1]!.fields).toEqual(['email', 'phone'])
    expect(sectionOf(d, 'phone')).toBe('section_2')
    d = moveField(d, 'phone', 'section_2', 0)
    expect(d.sections[1]!.fields).toEqual(['phone', 'email'])
    d = updateSection(d, 'section_2', { label: { 'zh-CN': '联络', en: 'Reach' }, columns: 1 })
    expect(d.sections[1]).toMatchObject({ label: { en: 'Reach' }, columns: 1 })
    d = moveSection(d, 'section_2', -1)
    expect(d.sections.map((s) => s.key)).toEqual(['section_2', 'main'])
    expect(moveSection(d, 'section_2', -1)).toBe(d)
    d = moveField(d, 'name', null)
    expect(poolOf(d, object)).toEqual(['name'])
    d = removeSection(d, 'section_2')
    expect(poolOf(d, object)).toEqual(['name', 'phone', 'email'])
    expect(addSection(addSection(d, L), L).sections.map((s) => s.key)).toEqual([
      'main',
      'section_2',
      'section_3',
    ])
  })

  it('always yields a layout the server accepts: every field at most once, valid keys', () => {
    const names = object.fields.map((f) => f.name)
    const step = fc.oneof(
      fc.record({ op: fc.constant('add' as const) }),
      fc.record({
        op: fc.constant('move' as const),
        field: fc.constantFrom(...names),
        to: fc.nat(5),
        at: fc.nat(5),
      }),
      fc.record({ op: fc.constant('remove' as const), at: fc.nat(5) }),
      fc.record({ op: fc.constant('up' as const), at: fc.nat(5) }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let d = draftOf(object, L)
        for (const s of steps) {
          const key = (i: number) => d.sections[i % Math.max(1, d.sections.length)]?.key ?? null
          if (s.op === 'add') d = addSection(d, L)
          else if (s.op === 'move') d = moveField(d, s.field, key(s.to), s.at)
          else if (s.op === 'remove') d = removeSection(d, key(s.at) ?? '')
          else d = moveSection(d, key(s.at) ?? '', -1)
        }
        const placed = d.sections.flatMap((x) => x.fields)
        expect(new Set(placed).size).toBe(placed.length)
        expect(new Set(d.sections.map((x) => x.key)).size).toBe(d.sections.length)
        expect(layoutSchema.safeParse(d).success).toBe(true)
        expect([...placed, ...poolOf(d, object)].sort()).toEqual(
          expect.arrayContaining(['email', 'name', 'phone']),
        )
        expect(sameDraft(d, JSON.parse(JSON.stringify(d)))).toBe(true)
      }),
    )
  })
})
