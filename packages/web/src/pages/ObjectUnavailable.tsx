import { Button, Result, Skeleton } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { ApiError } from '../platform/api-client.ts'
import { recordsApi } from '../platform/endpoints.ts'
import { ProblemAlert, problemText } from '../platform/ProblemAlert.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'

/**
 * `/o/{object}…` for an object the metadata does not list. The metadata leaves out objects the role may not
 * read, so the records API says which it is: 403 (the object exists, the role has no right on it: say so,
 * in the server's words) or 404 (no such object, or deactivated). Anything else is shown with *Retry*.
 * `refusal`: a page's own call already refused the object (`refusedObject`); a 403 is shown as it is,
 * a 404 is asked of the records API, which tells "no right" from "no object" where other endpoints do not.
 */
export function ObjectUnavailable({ object, refusal }: { object: string; refusal?: unknown }) {
  const { t } = useTranslation()
  // until the metadata is in, every object is missing from it: ask only once it is
  const ready = useMetadata().status === 'ready'
  // null while asking; `readable` when the records answer after all (not in this session's metadata)
  const [answer, setAnswer] = useState<{ error: unknown } | 'readable' | null>(null)
  const [attempt, setAttempt] = useState(0)
  const forbidden = refusal instanceof ApiError && refusal.status === 403 ? refusal : null

  useEffect(() => {
    if (!ready || forbidden) return
    const ctl = new AbortController()
    void attempt
    setAnswer(null)
    recordsApi
      .list(object, { limit: 1 }, ctl.signal)
      .then(() => setAnswer('readable'))
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setAnswer({ error: e })
      })
    return () => ctl.abort()
  }, [object, attempt, ready, forbidden])

  const said = forbidden ? { error: forbidden } : answer
  if (said === null)
    return (
      <div className="km-pad" aria-busy="true" data-testid="object-checking">
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    )
  const error = said === 'readable' ? null : said.error
  const status = error instanceof ApiError ? error.status : 404
  if (error instanceof ApiError && error.problem.code === 'object_not_found')
    return (
      <div className="km-page" data-testid="object-missing">
        <Result
          status="404"
          title={t('access.objectMissing')}
          subTitle={
            <>
              <span role="alert">{problemText(error, t).title}</span>
              <br />
              {t('access.objectMissingHint')}
            </>
          }
          extra={
            <Link to="/">
              <Button type="primary">{t('notFound.home')}</Button>
            </Link>
          }
        />
      </div>
    )
  if (status === 404 || status === 400) return <NotFoundPage />
  if (status === 403)
    return (
      <div className="km-page" data-testid="object-forbidden">
        <Result
          status="403"
          title={t('record.forbidden')}
          subTitle={
            <>
              <span role="alert">{problemText(error, t).title}</span>
              <br />
              {t('record.forbiddenHint')}
            </>
          }
          extra={
            <Link to="/">
              <Button type="primary">{t('notFound.home')}</Button>
            </Link>
          }
        />
      </div>
    )
  return (
    <div className="km-pad">
      <ProblemAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
    </div>
  )
}
