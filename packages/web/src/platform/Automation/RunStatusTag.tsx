import type { Locale } from '@kemai/shared/i18n/messages'
import { Tag, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { formatDateTime } from '../format.ts'
import type { RunStatus } from './automation-api.ts'
import { RUN_STATUS_COLOR, waitingText } from './run-format.ts'

/** A run's status as a coloured tag; a waiting run says what it waits for and until when. */
export function RunStatusTag({
  status,
  waitingFor,
  wakeAt,
  detailed,
}: {
  status: RunStatus
  waitingFor?: string | null
  wakeAt?: string | null
  /** spell out the wait next to the tag (otherwise in a tooltip) */
  detailed?: boolean
}) {
  const { t, i18n } = useTranslation()
  const tz = useMe().workspace.timeZone
  const label = t(`automation.status.${status}`)
  const tag = (
    <Tag color={RUN_STATUS_COLOR[status]} data-testid="run-status" data-status={status}>
      {label}
    </Tag>
  )
  if (status !== 'waiting') return tag
  const what = waitingText(waitingFor ?? null, t)
  const wait = wakeAt
    ? t('automation.runs.waitingUntil', { what, at: formatDateTime(wakeAt, i18n.language as Locale, tz) })
    : t('automation.runs.waitingFor', { what })
  if (detailed)
    return (
      <span className="km-auto-status">
        {tag}
        <span className="km-auto-sub" data-testid="run-waiting">
          {wait}
        </span>
      </span>
    )
  return <Tooltip title={wait}>{tag}</Tooltip>
}
