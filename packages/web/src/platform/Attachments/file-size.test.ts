import { describe, expect, it } from 'vitest'
import { formatFileSize } from './file-size.ts'

describe('file sizes', () => {
  it('uses the largest unit that keeps the number readable', () => {
    expect(formatFileSize(0, 'en')).toBe('0 B')
    expect(formatFileSize(1023, 'en')).toBe('1,023 B')
    expect(formatFileSize(1536, 'zh-CN')).toBe('1.5 KB')
    expect(formatFileSize(25 * 1024 * 1024, 'en')).toBe('25 MB')
    expect(formatFileSize(150.4 * 1024 * 1024, 'en')).toBe('150 MB')
    expect(formatFileSize(3 * 1024 ** 4, 'en')).toBe('3,072 GB')
    expect(formatFileSize(-5, 'en')).toBe('0 B')
  })
})
