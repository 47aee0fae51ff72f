import type { ImportDto } from '@kemai/shared/api/imports.api'
import { Alert, Button, Descriptions, Popconfirm, Progress, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { FINAL_STATUSES, importsApi } from './importApi.ts'

function eta(seconds: number | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (seconds === null) return t('import.run.etaUnknown')
  if (seconds < 60) return t('import.run.etaSeconds', { n: Math.max(1, Math.round(seconds)) })
  return t('import.run.etaMinutes', { n: Math.round(seconds / 60) })
}

/** Step 4: progress (rows done / total, speed, time left) while it runs; then the result, error report and undo. */
export function RunStep({ imp, onChange }: { imp: ImportDto; onChange: (imp: ImportDto) => void }) {
  const { t, i18n } = useTranslation()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const p = imp.progress
  const final = FINAL_STATUSES.has(imp.status)
  const percent = p.total
    ? Math.min(100, Math.floor((p.done / p.total) * 100))
    : imp.status === 'done'
      ? 100
      : 0
  const act = (fn: () => Promise<ImportDto>) => {
    setBusy(true)
    setError(null)
    fn()
      .then(onChange)
      .catch((e: unknown) => setError(e))
      .finally(() => setBusy(false))
  }
  return (
    <Space orientation="vertical" size="middle" className="km-import-run">
      <Typography.Title level={5} data-testid="import-status" data-status={imp.status}>
        {t(`import.status.${imp.status}`)}
      </Typography.Title>
      <Progress
        percent={percent}
        status={imp.status === 'failed' ? 'exception' : final ? 'normal' : 'active'}
        aria-label={t('import.run.progress')}
      />
      <Typography.Text>
        {p.total !== null
          ? t(p.totalIsEstimate ? 'import.run.doneOfAbout' : 'import.run.doneOf', {
              done: p.done,
              total: p.total,
            })
          : t('import.run.done', { done: p.done })}
        {!final && p.rowsPerSecond ? ` · ${t('import.run.rate', { n: p.rowsPerSecond })}` : ''}
        {imp.status === 'running' ? ` · ${eta(p.etaSeconds, t)}` : ''}
      </Typography.Text>
      <Descriptions
        size="small"
        column={{ xs: 2, sm: 4 }}
        items={[
          { key: 'c', label: t('import.result.created'), children: p.created },
          { key: 'u', label: t('import.result.updated'), children: p.updated },
          { key: 's', label: t('import.result.skipped'), children: p.skipped },
          { key: 'f', label: t('import.result.failed'), children: p.failed },
        ]}
      />
      {imp.error ? (
        <Alert type="error" showIcon title={t('import.run.failedWith', { code: imp.error })} />
      ) : null}
      <Space wrap>
        {imp.status === 'queued' || imp.status === 'running' ? (
          <Button danger disabled={busy} onClick={() => act(() => importsApi.cancel(imp.id))}>
            {t('import.run.cancel')}
          </Button>
        ) : null}
        {p.failed > 0 ? (
          <Button
            onClick={() =>
              importsApi.downloadErrors(imp.id, i18n.language).catch((e: unknown) => setError(e))
            }
          >
            {t('import.result.errors')}
          </Button>
        ) : null}
        {['done', 'cancelled', 'failed'].includes(imp.status) && p.created + p.updated > 0 ? (
          <Popconfirm
            title={t('import.result.undoConfirm', { created: p.created, updated: p.updated })}
            okText={t('import.result.undo')}
            cancelText={t('action.cancel')}
            onConfirm={() => act(() => importsApi.undo(imp.id))}
          >
            <Button disabled={busy}>{t('import.result.undo')}</Button>
          </Popconfirm>
        ) : null}
      </Space>
      {error ? <ProblemAlert error={error} /> : null}
    </Space>
  )
}
