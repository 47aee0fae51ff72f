import type { ActivityInput, TimelineItem } from '@kemai/shared/api/records.api'
import { Button, DatePicker, Input, Mentions, Segmented, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import { useMe } from '../../app/session.tsx'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { recordPageApi } from '../RecordPage/record-page-api.ts'
import { wallTimeToIso } from '../time-zone.ts'
import { mentionedIds } from './mentions.ts'

export const COMPOSER_TYPES = ['note', 'task', 'call', 'meeting'] as const
type ComposerType = (typeof COMPOSER_TYPES)[number]

interface Props {
  object: string
  id: string
  onAdded(item: TimelineItem): void
}

/**
 * Adds a note (markdown-lite with @mentions), a task with a due time, or a call or meeting to the
 * record's timeline (`POST …/activities`). Mentioned users are notified by the server.
 */
export function Composer({ object, id, onAdded }: Props) {
  const { t } = useTranslation()
  const { userNames } = useMetadata()
  const me = useMe()
  const tz = me.workspace.timeZone
  const [type, setType] = useState<ComposerType>('note')
  const [subject, setSubject] = useState('')
  const [body, setBody] = useState('')
  const [when, setWhen] = useState<Dayjs | null>(null)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [subjectMissing, setSubjectMissing] = useState(false)
  const picked = useRef(new Map<string, string>())

  const options = useMemo(
    () =>
      [...userNames]
        .filter(([uid]) => uid !== me.user.id)
        // `userId` rides along on the option (the popup gives its own keys to options)
        .map(([uid, name]) => ({ key: uid, value: name, label: name, userId: uid })),
    [userNames, me.user.id],
  )
  const needsSubject = type === 'task'
  const empty = !body.trim() && !subject.trim()

  const submit = async () => {
    if (needsSubject && !subject.trim()) {
      setSubjectMissing(true)
      return
    }
    if (empty) return
    setSaving(true)
    setError(null)
    const input: ActivityInput = { type }
    if (subject.trim()) input.subject = subject.trim()
    if (body.trim()) input.body = body.trim()
    const at = when ? wallTimeToIso(when.format('YYYY-MM-DDTHH:mm:ss'), tz) : undefined
    if (at && type === 'task') input.due_at = at
    if (at && type !== 'task') input.occurred_at = at
    const mentions = mentionedIds(body, picked.current, userNames)
    if (mentions.length) input.mentions = mentions
    try {
      const item = await recordPageApi.addActivity(object, id, input)
      onAdded(item)
      setSubject('')
      setBody('')
      setWhen(null)
      picked.current.clear()
    } catch (e) {
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  const subjectError = subjectMissing && needsSubject && !subject.trim()
  return (
    <div className="km-composer" data-testid="composer">
      <Segmented<ComposerType>
        size="small"
        value={type}
        onChange={(v) => {
          setType(v)
          setWhen(null)
        }}
        options={COMPOSER_TYPES.map((v) => ({ value: v, label: t(`activity.${v}`) }))}
        data-testid="composer-type"
      />
      {type !== 'note' && (
        <Input
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          placeholder={t(`timeline.subject.${type}`)}
          maxLength={500}
          status={subjectError ? 'error' : undefined}
          aria-label={t(`timeline.subject.${type}`)}
          data-testid="composer-subject"
        />
      )}
      {subjectError && (
        <Typography.Text type="danger" className="km-composer-hint">
          {t('timeline.subjectRequired')}
        </Typography.Text>
      )}
      <Mentions
        value={body}
        onChange={setBody}
        onSelect={(option) => {
          const userId = (option as { userId?: string }).userId
          if (option.value && userId) picked.current.set(String(option.value), userId)
        }}
        options={options}
        prefix="@"
        autoSize={{ minRows: 2, maxRows: 10 }}
        maxLength={100_000}
        placeholder={t(type === 'note' ? 'timeline.notePlaceholder' : 'timeline.bodyPlaceholder')}
        notFoundContent={t('timeline.noUsers')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit()
        }}
        aria-label={t('timeline.body')}
        data-testid="composer-body"
      />
      {type !== 'note' && (
        <DatePicker
          value={when}
          onChange={setWhen}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          placeholder={t(type === 'task' ? 'timeline.dueAt' : 'timeline.occurredAt')}
          className="km-composer-when"
          data-testid="composer-when"
        />
      )}
      {error !== null && <ProblemAlert error={error} />}
      <div className="km-composer-foot">
        <Typography.Text type="secondary" className="km-composer-hint">
          {t('timeline.formatHint')}
        </Typography.Text>
        <Button
          type="primary"
          size="small"
          onClick={submit}
          loading={saving}
          disabled={empty}
          data-testid="composer-submit"
        >
          {t(`timeline.add.${type}`)}
        </Button>
      </div>
    </div>
  )
}
