import { describe, expect, it } from 'vitest'
import { createI18n } from '../../app/i18n.ts'
import { formatDuration, runDuration, stepTypeText, waitingText } from './run-format.ts'

const zh = createI18n('zh-CN').t
const en = createI18n('en').t

describe('run display', () => {
  it('puts durations in the largest sensible unit', () => {
    expect(formatDuration(0, en)).toBe('0 ms')
    expect(formatDuration(850, zh)).toBe('850 毫秒')
    expect(formatDuration(1250, en)).toBe('1.3 s')
    expect(formatDuration(61_000, en)).toBe('1 min 1 s')
    expect(formatDuration(7_260_000, zh)).toBe('2 小时 1 分')
    expect(formatDuration(3 * 86_400_000 + 5 * 3_600_000, en)).toBe('3 d 5 h')
  })

  it('refuses nonsense instead of printing it', () => {
    expect(formatDuration(-5, en)).toBe('—')
    expect(formatDuration(Number.NaN, en)).toBe('—')
    expect(formatDuration(Number.POSITIVE_INFINITY, en)).toBe('—')
  })

  it('a run has a duration only once it ended', () => {
    expect(
      runDuration({ startedAt: '2026-12-05T02:00:00.000Z', finishedAt: '2026-12-05T02:00:01.500Z' }),
    ).toBe(1500)
    expect(runDuration({ startedAt: '2026-12-05T02:00:00.000Z', finishedAt: null })).toBeNull()
  })

  it('names step types and waits, and shows unknown ones as they are', () => {
    expect(stepTypeText('add_note', zh)).toBe('添加备注')
    expect(stepTypeText('http', en)).toBe('HTTP request')
    expect(stepTypeText('teleport', en)).toBe('teleport')
    expect(waitingText('time', zh)).toBe('到时间')
    expect(waitingText('event', en)).toBe('an event')
    expect(waitingText('moon', en)).toBe('moon')
    expect(waitingText(null, en)).toBe('something')
  })
})
