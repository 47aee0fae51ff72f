import { Button, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { problemText } from './ProblemAlert.tsx'

/**
 * A page the role may read the object of but not use: the import of a role without `create`, the merge
 * of one without `update` and `delete`… It says what the role lacks (and, when the server refused,
 * the server's own words), and leads back. The server refuses the same calls (docs/access.md), so
 * the page is not offered to be refused later.
 */
export function AccessDenied({
  reason,
  error,
  back,
}: {
  /** what the role lacks, for this page, in the UI language */
  reason: string
  /** the server's refusal (a 403 problem), when it came from there */
  error?: unknown
  back: { to: string; label: string }
}) {
  const { t } = useTranslation()
  return (
    <div className="km-page" data-testid="action-forbidden">
      <Result
        status="403"
        title={t('record.forbidden')}
        subTitle={
          <>
            {error ? (
              <>
                <span role="alert">{problemText(error, t).title}</span>
                <br />
              </>
            ) : null}
            <span data-testid="action-forbidden-reason">{reason}</span>
            <br />
            {t('access.askAdmin')}
          </>
        }
        extra={
          <Link to={back.to}>
            <Button type="primary">{back.label}</Button>
          </Link>
        }
      />
    </div>
  )
}
