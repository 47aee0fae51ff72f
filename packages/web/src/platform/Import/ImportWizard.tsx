import type { ImportDto, ImportTemplate, PreviewRow } from '@kemai/shared/api/imports.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Card, Skeleton, Space, Steps } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../endpoints.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { importsApi } from './importApi.ts'
import { MappingStep } from './MappingStep.tsx'
import { PreviewStep } from './PreviewStep.tsx'
import { RunStep } from './RunStep.tsx'
import { UploadStep } from './UploadStep.tsx'
import { useImportProgress } from './useImportProgress.ts'
import './import.css'

/** The import wizard of one object: upload → map → preview → run and result. */
export function ImportWizard({
  object,
  canUpdate,
  importId,
  onImportId,
}: {
  object: ObjectMeta
  /** the role may change records of the object: "update the existing record" is offered */
  canUpdate: boolean
  /** an import to show (from the URL), so a reload keeps the page */
  importId: string | null
  onImportId: (id: string | null) => void
}) {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const locale = i18n.language as Locale
  const [imp, setImp] = useState<ImportDto | null>(null)
  const [step, setStep] = useState(0)
  const [preview, setPreview] = useState<PreviewRow[] | null>(null)
  const [templates, setTemplates] = useState<ImportTemplate[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(!!importId)

  useEffect(() => {
    const ctl = new AbortController()
    importsApi
      .templates(object.name, ctl.signal)
      .then((r) => setTemplates(r.data))
      .catch(() => {})
    return () => ctl.abort()
  }, [object.name])

  useEffect(() => {
    if (!importId || imp?.id === importId) return
    const ctl = new AbortController()
    setLoading(true)
    importsApi
      .get(importId, ctl.signal)
      .then((r) => {
        setImp(r)
        setStep(r.status === 'draft' ? 1 : 3)
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
      .finally(() => !ctl.signal.aborted && setLoading(false))
    return () => ctl.abort()
  }, [importId, imp?.id])

  // samples for the mapping table and the preview step come from the same call
  useEffect(() => {
    if (imp?.status !== 'draft' || step > 2) return
    const ctl = new AbortController()
    setPreview(null)
    importsApi
      .preview(imp.id, 20, ctl.signal)
      .then((r) => setPreview(r.rows))
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [imp, step])

  const update = useCallback((r: ImportDto) => setImp(r), [])
  useImportProgress(step === 3 ? imp : null, update)

  const run = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    setError(null)
    try {
      return await fn()
    } catch (e) {
      setError(e)
      return undefined
    } finally {
      setBusy(false)
    }
  }

  const onFile = async (file: File) => {
    setError(null)
    const info = await importsApi.upload(file, locale)
    const created = await importsApi.create({ fileId: info.id, object: object.name })
    setImp(created)
    setStep(1)
    onImportId(created.id)
  }

  const patch = (body: Parameters<typeof importsApi.update>[1]) =>
    imp && run(() => importsApi.update(imp.id, body)).then((r) => r && setImp(r))

  // a draft set to update matched records by someone whose role may not: it would fail every match
  const policyDenied = !!imp?.matching && imp.policy === 'update' && !canUpdate

  if (loading) return <Skeleton active paragraph={{ rows: 6 }} />

  return (
    <Card className="km-import-card">
      <Steps
        current={step}
        size="small"
        className="km-import-steps"
        items={[
          { title: t('import.steps.upload') },
          { title: t('import.steps.mapping') },
          { title: t('import.steps.preview') },
          { title: t('import.steps.run') },
        ]}
      />
      <div className="km-import-body" data-testid={`import-step-${step}`}>
        {step === 0 ? <UploadStep onFile={onFile} /> : null}
        {step === 1 && imp ? (
          <MappingStep
            imp={imp}
            object={object}
            canUpdate={canUpdate}
            samples={(preview ?? []).map((r) => r.cells)}
            templates={templates}
            busy={busy}
            onMapping={(mapping) => {
              setImp({ ...imp, mapping })
              void patch({ mapping })
            }}
            onPolicy={(policy) => void patch({ policy })}
            onEncoding={(encoding) => void patch({ encoding })}
            onApplyTemplate={(tpl) => {
              const byHeader = new Map(tpl.columns.map((c) => [c.header.trim().toLowerCase(), c.field]))
              const mapping = imp.header.map((h, column) => ({
                column,
                field: byHeader.get(h.trim().toLowerCase()) ?? null,
              }))
              void patch({ mapping })
            }}
            onSaveTemplate={(name) =>
              void run(() =>
                importsApi.saveTemplate({
                  object: object.name,
                  name,
                  columns: imp.header.map((header, column) => ({
                    header,
                    field: imp.mapping.find((m) => m.column === column)?.field ?? null,
                  })),
                }),
              ).then((tpl) => {
                if (!tpl) return
                setTemplates((list) => [...list.filter((x) => x.id !== tpl.id), tpl])
                message.success(t('import.template.saved', { name: tpl.name }))
              })
            }
          />
        ) : null}
        {step === 2 && imp ? (
          preview ? (
            <PreviewStep imp={imp} object={object} rows={preview} />
          ) : (
            <Skeleton active paragraph={{ rows: 6 }} />
          )
        ) : null}
        {step === 3 && imp ? <RunStep imp={imp} onChange={setImp} /> : null}
        {error ? <ProblemAlert error={error} /> : null}
      </div>
      <Space className="km-import-nav">
        {step === 1 || step === 2 ? (
          <Button disabled={busy} onClick={() => setStep(step - 1)}>
            {t('import.nav.back')}
          </Button>
        ) : null}
        {step === 1 ? (
          <Button
            data-testid="import-to-preview"
            type="primary"
            disabled={busy || policyDenied || !imp?.mapping.some((m) => m.field)}
            onClick={() => setStep(2)}
          >
            {t('import.nav.preview')}
          </Button>
        ) : null}
        {step === 2 && imp ? (
          <Button
            type="primary"
            data-testid="import-start"
            disabled={busy || policyDenied || !preview}
            onClick={() =>
              void run(() => importsApi.start(imp.id)).then((r) => {
                if (!r) return
                setImp(r)
                setStep(3)
              })
            }
          >
            {t('import.nav.start')}
          </Button>
        ) : null}
        {step === 3 && imp && ['done', 'cancelled', 'failed', 'undone'].includes(imp.status) ? (
          <Button
            onClick={() => {
              setImp(null)
              setPreview(null)
              setStep(0)
              onImportId(null)
            }}
          >
            {t('import.nav.another')}
          </Button>
        ) : null}
      </Space>
    </Card>
  )
}
