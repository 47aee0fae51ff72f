import { parseAddressText } from '@kemai/shared/divisions'
import { describe, expect, it } from 'vitest'
import { cleanAddress, hasRegion, isChina, toAddress } from './address.ts'
import { countryName, shownDivisionNames, streetAfterDivisions } from './regions.ts'

describe('address values', () => {
  it('reads any stored value without throwing, keeping unknown codes', () => {
    expect(toAddress({ province: '999999', text: '文三路', extra: 1 })).toEqual({
      province: '999999',
      text: '文三路',
    })
    expect(toAddress('文三路 90 号')).toEqual({ text: '文三路 90 号' })
    expect(toAddress({ province: 330000, text: null })).toEqual({})
    for (const v of [null, undefined, '', 42, true, [], ['x']]) expect(toAddress(v)).toBeNull()
  })

  it('sends trimmed parts in a fixed order, or nothing', () => {
    expect(
      cleanAddress({
        text: ' 文三路 90 号 ',
        district: '330106',
        country: 'CN',
        city: '',
        province: '330000',
      }),
    ).toEqual({ country: 'CN', province: '330000', district: '330106', text: '文三路 90 号' })
    expect(cleanAddress({ country: 'CN', text: '  ' })).toBeNull()
    expect(cleanAddress({ country: 'US' })).toBeNull()
    expect(cleanAddress('  ')).toBeNull()
    expect(cleanAddress(7)).toBeNull()
  })

  it('takes no country as China', () => {
    expect(isChina({ text: 'x' })).toBe(true)
    expect(isChina({ country: 'cn' })).toBe(true)
    expect(isChina({ country: 'US' })).toBe(false)
    expect(isChina(null)).toBe(true)
    expect(hasRegion({ text: 'x' })).toBe(false)
    expect(hasRegion({ city: '330100' })).toBe(true)
    expect(hasRegion({ country: 'US', province: '330000' })).toBe(true)
    expect(hasRegion({ country: 'CN', text: 'x' })).toBe(false)
  })

  it('names countries in the user language', () => {
    expect(countryName('US', 'zh-CN')).toBe('美国')
    expect(countryName('US', 'en')).toBe('United States')
    expect(countryName('??', 'en')).toBe('??')
  })

  it.each([
    ['浙江省杭州市西湖区 文三路 90 号', '文三路 90 号'],
    ['中国 浙江省 杭州市 余杭区 文一西路969号', '文一西路969号'],
    ['浙江杭州西湖区文三路９０号', '文三路９０号'],
    ['北京市朝阳区  建国路 88 号 ', '建国路 88 号'],
    ['浙江省杭州市', ''],
  ])('keeps the street of %s as typed', (text, street) => {
    expect(streetAfterDivisions(text, parseAddressText(text).rest)).toBe(street)
  })

  it('keeps the whole text when nothing was read', () => {
    expect(streetAfterDivisions(' 西湖区文三路 ', parseAddressText(' 西湖区文三路 ').rest)).toBe(
      '西湖区文三路',
    )
  })

  it('shows division names without placeholders and repeats', () => {
    expect(shownDivisionNames(['北京市', '北京市', '朝阳区'])).toEqual(['北京市', '朝阳区'])
    expect(shownDivisionNames(['重庆市', '县', '城口县'])).toEqual(['重庆市', '城口县'])
    expect(shownDivisionNames(['河南省', '省直辖县', '济源市'])).toEqual(['河南省', '济源市'])
  })
})
