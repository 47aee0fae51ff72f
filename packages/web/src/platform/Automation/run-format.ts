import type { TFunction } from 'i18next'
import type { RunStatus, WorkflowRun } from './automation-api.ts'

/** antd tag colour of a run's (or step's) status. */
export const RUN_STATUS_COLOR: Record<RunStatus, string> = {
  running: 'processing',
  waiting: 'warning',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'default',
}

/** `850` → "850 ms", `61_000` → "1 min 1 s", `7_260_000` → "2 h 1 min" (in the UI language). */
export function formatDuration(ms: number, t: TFunction): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return t('automation.duration.ms', { n: Math.round(ms) })
  if (ms < 60_000) return t('automation.duration.s', { n: Math.round(ms / 100) / 10 })
  const s = Math.round(ms / 1000)
  if (s < 3600) return t('automation.duration.min', { m: Math.floor(s / 60), s: s % 60 })
  const m = Math.round(s / 60)
  if (m < 24 * 60) return t('automation.duration.h', { h: Math.floor(m / 60), m: m % 60 })
  return t('automation.duration.d', { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) })
}

/** How long a run took; an unfinished run has no duration yet. */
export function runDuration(run: Pick<WorkflowRun, 'startedAt' | 'finishedAt'>): number | null {
  if (!run.finishedAt) return null
  return new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()
}

/** A step type in words ("Add a note"); an unknown type as it is. */
export function stepTypeText(type: string, t: TFunction): string {
  const key = `automation.stepType.${type}`
  const text = t(key)
  return text === key ? type : text
}

/** What a waiting run waits for ("time", "an event"…); an unknown kind as it is. */
export function waitingText(kind: string | null, t: TFunction): string {
  if (!kind) return t('automation.waitingFor.unknown')
  const key = `automation.waitingFor.${kind}`
  const text = t(key)
  return text === key ? kind : text
}
