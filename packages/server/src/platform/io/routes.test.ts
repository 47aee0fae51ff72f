import { describe, expect, it } from 'vitest'
import { localizedDisposition } from './routes.ts'

describe('localizedDisposition', () => {
  it('names the file in the label, percent-encoded beyond attr-chars, with the object as ASCII fallback', () => {
    expect(localizedDisposition('person', '联系人', 'vcf')).toBe(
      `attachment; filename="person.vcf"; filename*=UTF-8''%E8%81%94%E7%B3%BB%E4%BA%BA.vcf`,
    )
    expect(localizedDisposition('vip', "VIP (Mike's) *", 'vcf')).toBe(
      `attachment; filename="vip.vcf"; filename*=UTF-8''VIP%20%28Mike%27s%29%20_.vcf`,
    )
    // path and control characters never reach the name; an empty label falls back to the object
    expect(localizedDisposition('x', 'a/b\\c\n"d"', 'vcf')).toContain(`filename*=UTF-8''a_b_c__d_.vcf`)
    expect(localizedDisposition('x', ' / ', 'vcf')).toContain(`filename*=UTF-8''_.vcf`)
    expect(localizedDisposition('x', '  ', 'vcf')).toContain(`filename*=UTF-8''x.vcf`)
  })
})
