import { EDITABLE_ACTIVITY_TYPES } from '@kemai/shared/api/activities.rules'
import type { TimelineItem } from '@kemai/shared/api/records.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, type ButtonProps } from 'antd'
import { type Dispatch, type SetStateAction, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { ApiError } from '../api-client.ts'
import { inSentence } from '../label.ts'
import { problemText } from '../ProblemAlert.tsx'
import { recordPageApi } from '../RecordPage/record-page-api.ts'
import { Composer } from './Composer.tsx'
import type { ActivityActions } from './Timeline.tsx'

const EDITABLE = new Set<string>(EDITABLE_ACTIVITY_TYPES)

/**
 * What a user may do to the activities of a record's timeline: the author of a note, task, call or meeting
 * (or an admin) ticks a task off, edits it in place with the composer, and deletes it after a confirmation
 * (`PATCH` / `DELETE …/activities/{id}`). A tick shows at once and is taken back, with the server's message,
 * when the server refuses it. `setItems` is the panel's list; `onChanged` follows every change that counts.
 */
export function useActivityActions(p: {
  object: string
  id: string
  setItems: Dispatch<SetStateAction<TimelineItem[] | null>>
  onChanged?: () => void
}): ActivityActions {
  const { object, id, setItems, onChanged } = p
  const { t, i18n } = useTranslation()
  const { modal, message } = App.useApp()
  const me = useMe()
  const [editing, setEditing] = useState<TimelineItem | null>(null)
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set())

  const replace = (item: TimelineItem) =>
    setItems((prev) => prev?.map((x) => (x.id === item.id ? item : x)) ?? prev)
  const busy = (itemId: string, on: boolean) =>
    setPending((prev) => {
      const next = new Set(prev)
      if (on) next.add(itemId)
      else next.delete(itemId)
      return next
    })
  /** The server's words: its title and what it says about each member. */
  const say = (e: unknown) => {
    const { title } = problemText(e, t)
    const details = e instanceof ApiError ? (e.problem.errors ?? []).map((x) => x.message) : []
    message.error([title, ...details].join(' · '))
  }

  const actions: ActivityActions = {
    canChange: (item) =>
      EDITABLE.has(item.activity?.type ?? '') && (me.isAdmin || item.actor_id === me.user.id),
    pending,
    async toggleDone(item, done) {
      const before = item
      replace({
        ...item,
        activity: item.activity && {
          ...item.activity,
          done_at: done ? new Date().toISOString() : null,
          done_by: done ? me.user.id : null,
        },
      })
      busy(item.id, true)
      try {
        replace(await recordPageApi.updateActivity(object, id, item.id, { done }))
        onChanged?.()
      } catch (e) {
        replace(before)
        say(e)
      } finally {
        busy(item.id, false)
      }
    },
    edit: setEditing,
    remove(item) {
      const preview = item.activity?.subject || item.activity?.body?.slice(0, 80)
      modal.confirm({
        title: t('timeline.deleteTitle', {
          kind: inSentence(t(`activity.${item.activity?.type ?? 'note'}`), i18n.language as Locale),
        }),
        content: (
          <>
            {preview && <p className="km-activity-preview">{preview}</p>}
            {t('timeline.deleteBody')}
          </>
        ),
        okText: t('timeline.delete'),
        okButtonProps: { danger: true, ...({ 'data-testid': 'activity-delete-ok' } as ButtonProps) },
        cancelText: t('action.cancel'),
        onOk: async () => {
          try {
            await recordPageApi.deleteActivity(object, id, item.id)
          } catch (e) {
            // the dialog closes; the message says why nothing was deleted
            say(e)
            return
          }
          setItems((prev) => prev?.filter((x) => x.id !== item.id) ?? prev)
          onChanged?.()
        },
      })
    },
    editing: null,
  }
  if (editing)
    actions.editing = {
      id: editing.id,
      editor: (
        <Composer
          object={object}
          id={id}
          editing={editing}
          onSaved={(saved) => {
            replace(saved)
            setEditing(null)
            onChanged?.()
          }}
          onCancel={() => setEditing(null)}
        />
      ),
    }
  return actions
}
