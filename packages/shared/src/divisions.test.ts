import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  childrenOf,
  division,
  divisionOptions,
  divisionPath,
  isValidDivision,
  parseAddressText,
} from './divisions.ts'

describe('divisions', () => {
  it('knows the three levels with their parents', () => {
    expect(division('330000')).toMatchObject({ name: '浙江省', level: 'province', parent: null })
    expect(division('330100')).toMatchObject({ name: '杭州市', level: 'city', parent: '330000' })
    expect(division('330106')).toMatchObject({ name: '西湖区', level: 'district', parent: '330100' })
    expect(childrenOf(null).length).toBeGreaterThanOrEqual(31)
    expect(isValidDivision('district', '330106', '330100')).toBe(true)
    expect(isValidDivision('district', '330106', '360100')).toBe(false)
    expect(isValidDivision('city', '330106')).toBe(false)
    expect(divisionPath({ province: '330000', city: '330100', district: '330106' })).toEqual([
      '浙江省',
      '杭州市',
      '西湖区',
    ])
    const zj = divisionOptions().find((o) => o.value === '330000')
    expect(zj?.children?.find((c) => c.value === '330100')?.children?.some((d) => d.label === '西湖区')).toBe(
      true,
    )
  })

  it.each([
    [
      '浙江省杭州市西湖区文三路 90 号',
      { province: '330000', city: '330100', district: '330106', rest: '文三路90号' },
    ],
    ['浙江杭州西湖区文三路', { province: '330000', city: '330100', district: '330106', rest: '文三路' }],
    ['中国 浙江省 杭州市 余杭区 文一西路969号', { province: '330000', city: '330100', district: '330110' }],
    [
      '北京市朝阳区建国路 88 号',
      { province: '110000', city: '110100', district: '110105', rest: '建国路88号' },
    ],
    ['北京朝阳区建国路', { province: '110000', city: '110100', district: '110105' }],
    ['上海市浦东新区世纪大道 100 号', { province: '310000', city: '310100', district: '310115' }],
    ['广东省深圳市南山区科技园', { province: '440000', city: '440300', district: '440305' }],
    ['广东省南山区科技园', { province: '440000', city: '440300', district: '440305' }],
    ['深圳市南山区科技园', { province: '440000', city: '440300', district: '440305', rest: '科技园' }],
    ['新疆乌鲁木齐市天山区', { province: '650000', city: '650100' }],
    ['内蒙古自治区呼和浩特市', { province: '150000', city: '150100' }],
    ['浙江省杭州市', { province: '330000', city: '330100', rest: '' }],
  ])('reads %s', (text, want) => {
    expect(parseAddressText(text)).toMatchObject(want)
  })

  it('sets nothing it cannot tell', () => {
    // 西湖区 is in 杭州 and in 南昌
    expect(parseAddressText('西湖区文三路')).toEqual({ rest: '西湖区文三路' })
    expect(parseAddressText('1600 Amphitheatre Parkway, Mountain View')).toEqual({
      rest: '1600 Amphitheatre Parkway, Mountain View',
    })
    expect(parseAddressText('')).toEqual({ rest: '' })
  })

  it('always returns codes that exist and hang together (property)', () => {
    const pieces = fc.constantFrom(
      '浙江',
      '省',
      '杭州',
      '市',
      '西湖区',
      '北京',
      '朝阳区',
      '路',
      '号',
      ' ',
      '南山',
      'x',
      '１２',
    )
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const p = parseAddressText(parts.join(''))
        if (p.province && !isValidDivision('province', p.province)) return false
        if (p.city && !isValidDivision('city', p.city, p.province)) return false
        if (p.district && !isValidDivision('district', p.district, p.city)) return false
        return true
      }),
      { numRuns: 500 },
    )
  })
})
