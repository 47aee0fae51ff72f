import { describe, expect, it } from 'vitest'
import { addressTokens } from './address.ts'
import { HOSTILE } from './hostile.test-data.ts'

describe('addressTokens', () => {
  it('tokenises the text and adds the division codes', () => {
    expect(
      addressTokens({ province: '330000', city: '330100', district: '330106', text: '文一西路969号' }),
    ).toEqual(['969', 'city:330100', 'district:330106', 'province:330000', '一西', '号', '文一', '西路'])
    expect(addressTokens('12 High Street, Oxford')).toEqual(['12', 'high', 'oxford', 'street'])
  })

  it('ignores what is not an address', () => {
    expect(addressTokens({ province: 'DROP TABLE', text: '' })).toBeNull()
    expect(addressTokens(['a'])).toBeNull()
    for (const v of HOSTILE) expect(() => addressTokens(v)).not.toThrow()
  })
})
