import { Alert, Button } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from './api-client.ts'

/** The server's own message (problem+json `title`, in the UI language) and its per-field details. */
export function problemText(
  error: unknown,
  t: (key: string) => string,
  hidePath: (path: string) => boolean = () => false,
): { title: string; details: string[] } {
  if (error instanceof ApiError) {
    if (error.status === 0) return { title: t('error.network'), details: [] }
    return {
      title: error.problem.title || t('error.unknown'),
      details: (error.problem.errors ?? [])
        .filter((e) => !hidePath(e.path))
        .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)),
    }
  }
  return { title: t('error.unknown'), details: [] }
}

export function ProblemAlert({
  error,
  onRetry,
  action,
  hidePath,
}: {
  error: unknown
  onRetry?: () => void
  action?: ReactNode
  /** paths shown elsewhere (a form puts field errors under their fields) */
  hidePath?: (path: string) => boolean
}) {
  const { t } = useTranslation()
  const { title, details } = problemText(error, t, hidePath)
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={
        details.length ? (
          <ul className="km-problem-list">
            {details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        action ??
        (onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('action.retry')}
          </Button>
        ) : undefined)
      }
    />
  )
}
