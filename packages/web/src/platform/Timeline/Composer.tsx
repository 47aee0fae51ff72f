import type { ActivityPatch } from '@kemai/shared/api/activities.api'
import type { ActivityInput, TimelineItem } from '@kemai/shared/api/records.api'
import { Button, DatePicker, Input, Mentions, Segmented, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import { useMe } from '../../app/session.tsx'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { recordPageApi } from '../RecordPage/record-page-api.ts'
import { isoToWallTime, wallTimeToIso } from '../time-zone.ts'
import { mentionedIds } from './mentions.ts'

export const COMPOSER_TYPES = ['note', 'task', 'call', 'meeting'] as const
type ComposerType = (typeof COMPOSER_TYPES)[number]

type Props = { object: string; id: string } & (
  | { onAdded(item: TimelineItem): void; editing?: undefined }
  | {
      /** edit this activity in place (`PATCH …/activities/{id}`) instead of adding one */
      editing: TimelineItem
      onSaved(item: TimelineItem): void
      onCancel(): void
    }
)

/**
 * Adds a note (markdown-lite with @mentions), a task with a due time, or a call or meeting to the
 * record's timeline (`POST …/activities`). Mentioned users are notified by the server. With `editing`
 * the same editor changes an existing activity: its kind stays, only what changed is sent, and users
 * newly @mentioned are notified.
 */
export function Composer(props: Props) {
  const { object, id, editing } = props
  const { t } = useTranslation()
  const { userNames } = useMetadata()
  const me = useMe()
  const tz = me.workspace.timeZone
  const initial = editing?.activity
  const initialWhen = initial?.type === 'task' ? initial.due_at : editing ? editing.at : null
  const [type, setType] = useState<ComposerType>(
    (COMPOSER_TYPES as readonly string[]).includes(initial?.type ?? '')
      ? (initial?.type as ComposerType)
      : 'note',
  )
  const [subject, setSubject] = useState(initial?.subject ?? '')
  const [body, setBody] = useState(initial?.body ?? '')
  const [when, setWhen] = useState<Dayjs | null>(initialWhen ? dayjs(isoToWallTime(initialWhen, tz)) : null)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [subjectMissing, setSubjectMissing] = useState(false)
  // who the text already mentions, by the name its `@Name` shows
  const picked = useRef(
    new Map(
      (initial?.mentions ?? []).flatMap((uid) => {
        const name = userNames.get(uid)
        return name ? [[name, uid] as [string, string]] : []
      }),
    ),
  )

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
    const at = when ? wallTimeToIso(when.format('YYYY-MM-DDTHH:mm:ss'), tz) : undefined
    const mentions = mentionedIds(body, picked.current, userNames)
    try {
      if (props.editing) {
        props.onSaved(
          await recordPageApi.updateActivity(object, id, props.editing.id, editPatch(props.editing, at)),
        )
        return
      }
      const input: ActivityInput = { type }
      if (subject.trim()) input.subject = subject.trim()
      if (body.trim()) input.body = body.trim()
      if (at && type === 'task') input.due_at = at
      if (at && type !== 'task') input.occurred_at = at
      if (mentions.length) input.mentions = mentions
      const item = await recordPageApi.addActivity(object, id, input)
      props.onAdded(item)
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

  /** Only the members that differ from the activity as it is. */
  function editPatch(item: TimelineItem, at: string | undefined): ActivityPatch {
    const a = item.activity
    const patch: ActivityPatch = {}
    const newSubject = subject.trim() || null
    const newBody = body.trim() || null
    if (type !== 'note' && newSubject !== (a?.subject ?? null)) patch.subject = newSubject
    if (newBody !== (a?.body ?? null)) patch.body = newBody
    const same = (x: string | null | undefined, y: string | undefined) =>
      (x ? Date.parse(x) : null) === (y ? Date.parse(y) : null)
    if (type === 'task' && !same(a?.due_at, at)) patch.due_at = at ?? null
    if (type !== 'task' && type !== 'note' && at && !same(item.at, at)) patch.occurred_at = at
    const mentions = mentionedIds(body, picked.current, userNames)
    const before = a?.mentions ?? []
    if (mentions.length !== before.length || mentions.some((m) => !before.includes(m)))
      patch.mentions = mentions
    return patch
  }

  const subjectError = subjectMissing && needsSubject && !subject.trim()
  return (
    <div
      className={editing ? 'km-composer km-composer-editing' : 'km-composer'}
      data-testid={editing ? 'composer-edit' : 'composer'}
    >
      {!editing && (
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
      )}
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
          {t(editing ? 'timeline.formatHintEdit' : 'timeline.formatHint')}
        </Typography.Text>
        <span className="km-composer-buttons">
          {props.editing && (
            <Button size="small" onClick={props.onCancel} data-testid="composer-cancel">
              {t('action.cancel')}
            </Button>
          )}
          <Button
            type="primary"
            size="small"
            onClick={submit}
            loading={saving}
            disabled={empty}
            data-testid="composer-submit"
          >
            {editing ? t('action.save') : t(`timeline.add.${type}`)}
          </Button>
        </span>
      </div>
    </div>
  )
}
