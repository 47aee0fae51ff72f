import { describe, expect, it } from 'vitest'
import { createI18n } from '../../app/i18n.ts'
import { ApiError } from '../api-client.ts'
import { refusalText } from './refusal.ts'

const t = createI18n('zh-CN').t
const refused = (errors: { path: string; code: string; message: string }[]) =>
  new ApiError(409, { type: 'x', title: '与现有数据冲突', status: 409, code: 'conflict', errors })

describe('a refusal in words', () => {
  it('gives the specific messages without their paths, once each', () => {
    const e = refused([
      { path: 'publishedVersion', code: 'workflow.not_published', message: '流程还没有发布过，不能启用' },
    ])
    expect(refusalText(e, t)).toBe('流程还没有发布过，不能启用')
    const twice = refused([
      { path: 'a', code: 'x', message: '同一句话' },
      { path: 'b', code: 'x', message: '同一句话' },
    ])
    expect(refusalText(twice, t)).toBe('同一句话')
  })

  it('falls back to the title, and to the network message', () => {
    expect(refusalText(refused([]), t)).toBe('与现有数据冲突')
    expect(refusalText(new ApiError(0, { type: 'x', title: '', status: 0, code: 'internal' }), t)).toBe(
      '无法连接服务器，请检查网络后重试',
    )
    expect(refusalText(new Error('boom'), t)).toBe('出错了，请稍后重试')
  })
})
