import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Empty, Skeleton, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { SimpleList } from '../../../platform/SimpleList.tsx'
import { useLoad } from '../admin/useLoad.ts'
import { type Form, type FormSubmission, formsApi } from './api.ts'

/** What came in, newest first: when, the record it created (a link), where from; spam marked as such. */
export function FormSubmissions({ form }: { form: Form }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const first = useLoad((s) => formsApi.submissions(form.id, null, s), [form.id])
  const [more, setMore] = useState<FormSubmission[]>([])
  const [cursor, setCursor] = useState<string | null | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)
  const next = cursor === undefined ? (first.data?.nextCursor ?? null) : cursor
  const items = [...(first.data?.data ?? []), ...more]

  if (first.loading && !first.data) return <Skeleton active paragraph={{ rows: 5 }} />
  return (
    <div data-testid="form-submissions">
      <Typography.Paragraph type="secondary">
        {t('forms.counts', { count: form.submissionCount, spam: form.spamCount })}
      </Typography.Paragraph>
      {first.error ? <ProblemAlert error={first.error} onRetry={first.reload} /> : null}
      {error ? <ProblemAlert error={error} /> : null}
      {items.length === 0 && first.data ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('forms.noSubmissions')} />
      ) : (
        <SimpleList
          testId="form-submission-list"
          items={items.map((s) => ({
            key: s.id,
            testId: 'form-submission',
            title:
              s.outcome === 'created' && s.recordId ? (
                <Link to={`/o/${form.objectName}/${s.recordId}`}>
                  {s.recordTitle ?? t('forms.recordGone')}
                </Link>
              ) : (
                <Tag color="default">{t('forms.outcome_spam')}</Tag>
              ),
            description: (
              <span className="km-forms-sub-line">
                {dayjs(s.at)
                  .locale(locale === 'zh-CN' ? 'zh-cn' : 'en')
                  .format('YYYY-MM-DD HH:mm')}
                {s.referrer ? ` · ${t('forms.from', { referrer: s.referrer })}` : ''}
              </span>
            ),
            actions: s.outcome === 'created' ? <Tag color="green">{t('forms.outcome_created')}</Tag> : null,
          }))}
        />
      )}
      {next ? (
        <Button
          className="km-forms-gap-top"
          onClick={async () => {
            setError(null)
            try {
              const page = await formsApi.submissions(form.id, next)
              setMore((m) => [...m, ...page.data])
              setCursor(page.nextCursor)
            } catch (e) {
              setError(e)
            }
          }}
        >
          {t('forms.loadMore')}
        </Button>
      ) : null}
    </div>
  )
}
