import { describe, expect, it } from 'vitest'
import { DEFAULT_RULES, defaultPersonRules, genericProductRules } from './default-rules.ts'
import { compareRecords } from './matcher.ts'
import { compileRules } from './rules.ts'

const office = { phone: '0571-88888888', company: 'c1', address: { city: '330100', text: '文一西路969号' } }

describe('default rules', () => {
  it('compile', () => {
    for (const rules of [...Object.values(DEFAULT_RULES), genericProductRules])
      expect(() => compileRules(rules)).not.toThrow()
  })

  // the cases the weights were chosen for (default-rules.ts)
  it.each([
    [
      'colleagues on one switchboard and address',
      { name: '王芳', ...office },
      { name: '李娜', ...office },
      'possible',
    ],
    [
      'brothers at home, one phone and address',
      { name: '张伟', ...office },
      { name: '张强', ...office },
      'possible',
    ],
    ['the same name alone', { name: '张伟' }, { name: '張偉' }, 'distinct'],
    [
      'same name, same mobile',
      { name: '张伟', mobile: '13812345678' },
      { name: 'Zhang Wei', mobile: '+86 138 1234 5678' },
      'duplicate',
    ],
    [
      'same name, same birthday',
      { name: 'Wei Zhang', birthday: '1985-03-12' },
      { name: '张伟', birthday: '19850312' },
      'duplicate',
    ],
    [
      'same mobile, other name',
      { name: '张伟', mobile: '13812345678' },
      { name: '王芳', mobile: '13812345678' },
      'distinct',
    ],
    [
      'same e-mail, name typo',
      { name: 'Jon Smith', email: 'js@acme.com' },
      { name: 'John Smith', email: 'JS@acme.com' },
      'duplicate',
    ],
    [
      'birthday and address agree, given name replaced',
      { name: 'amelia ryan', birthday: '1923-03-01', address: '35 sidaway street, avalon' },
      { name: 'edward ryan', birthday: '1923-03-01', address: '35 sidaway street, avalon' },
      'duplicate',
    ],
  ] as const)('%s', (_, a, b, expected) => {
    expect(compareRecords(a, b, defaultPersonRules).decision).toBe(expected)
  })
})
