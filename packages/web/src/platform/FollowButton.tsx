import { BellFilled, BellOutlined } from '@ant-design/icons'
import { App, Button } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from './api-client.ts'
import { problemText } from './ProblemAlert.tsx'

interface Followers {
  following: boolean
  count: number
  userIds: string[]
}

/** Follow / unfollow a record (`PUT`/`DELETE …/follow`): followers are notified of its changes. */
export function FollowButton({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [state, setState] = useState<Followers | null>(null)
  const [busy, setBusy] = useState(false)
  const path = `/api/v1/records/${encodeURIComponent(object)}/${encodeURIComponent(id)}`
  useEffect(() => {
    const ac = new AbortController()
    api<Followers>(`${path}/followers`, { signal: ac.signal })
      .then(setState)
      .catch(() => undefined)
    return () => ac.abort()
  }, [path])
  const toggle = async () => {
    setBusy(true)
    try {
      setState(await api<Followers>(`${path}/follow`, { method: state?.following ? 'DELETE' : 'PUT' }))
    } catch (e) {
      message.error(problemText(e, t).title)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button
      icon={state?.following ? <BellFilled /> : <BellOutlined />}
      onClick={toggle}
      loading={busy}
      disabled={state === null}
      aria-pressed={state?.following ?? false}
      data-testid="follow-button"
    >
      {state?.following ? t('record.following', { count: state.count }) : t('record.follow')}
    </Button>
  )
}
