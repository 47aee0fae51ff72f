import { describe, expect, it } from 'vitest'
import { exportFileName } from './runner.ts'

describe('exportFileName', () => {
  it('names the file by the object and the start time in the workspace time zone', () => {
    const at = new Date('2026-12-05T20:05:30Z')
    expect(exportFileName('联系人', at, 'Asia/Shanghai', 'csv')).toBe('联系人-20261206-0405.csv')
    expect(exportFileName('People', at, 'UTC', 'xlsx')).toBe('People-20261205-2005.xlsx')
    expect(exportFileName('People', new Date('2026-01-01T00:00:00Z'), 'UTC', 'vcf')).toBe(
      'People-20260101-0000.vcf',
    )
  })
})
