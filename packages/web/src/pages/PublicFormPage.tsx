import type { PublicForm, SubmitResult } from '@kemai/shared/api/forms.api'
import { Card, Result, Segmented, Skeleton } from 'antd'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams, useSearchParams } from 'react-router'
import { usePreferences } from '../app/preferences.tsx'
import { ApiError } from '../platform/api-client.ts'
import { PublicFormView } from '../platform/PublicForm/PublicFormView.tsx'
import { publicFormApi } from '../platform/PublicForm/publicFormApi.ts'
import '../platform/PublicForm/public-form.css'

/** Is the page inside another site's iframe (the embed snippet)? */
function embedded(): boolean {
  try {
    return window.self !== window.top
  } catch {
    return true
  }
}

/** After a good submission with a redirect URL: the whole page goes there, the embedding one too. */
function go(url: string): void {
  try {
    if (window.top && window.top !== window.self) {
      window.top.location.href = url
      return
    }
  } catch {
    // a cross-origin parent that refuses: the frame goes instead
  }
  window.location.assign(url)
}

/**
 * `/f/{key}`: a web form for anyone, without login (docs/forms.md). The language is the browser's (or the
 * one chosen here before); the switch changes it. Inside an iframe the page drops its background and tells
 * the embedding page its height (`{ kemaiForm: key, height }` by postMessage) so the frame can fit it.
 */
export function PublicFormPage() {
  const { t } = useTranslation()
  const { key = '' } = useParams()
  const [params] = useSearchParams()
  const { locale, setLocale } = usePreferences()
  const [form, setForm] = useState<PublicForm | null>(null)
  const [error, setError] = useState<unknown>(null)
  const root = useRef<HTMLDivElement>(null)
  const inFrame = embedded()

  useEffect(() => {
    const ctl = new AbortController()
    setError(null)
    publicFormApi
      .get(key, ctl.signal)
      .then(setForm)
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [key])

  useEffect(() => {
    if (form) document.title = form.title[locale]
  }, [form, locale])

  useEffect(() => {
    const el = root.current
    if (!inFrame || !el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(() =>
      window.parent.postMessage(
        { kemaiForm: key, height: Math.ceil(el.getBoundingClientRect().height) },
        '*',
      ),
    )
    ro.observe(el)
    return () => ro.disconnect()
  }, [inFrame, key])

  const sent = params.get('sent') === '1'
  let body: ReactNode
  if (error)
    body = (
      <Result
        status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
        title={t(
          error instanceof ApiError && error.status === 404 ? 'publicForm.notFound' : 'publicForm.loadFailed',
        )}
        subTitle={
          error instanceof ApiError && error.status === 404 ? t('publicForm.notFoundHint') : undefined
        }
        data-testid="public-form-missing"
      />
    )
  else if (!form) body = <Skeleton active paragraph={{ rows: 6 }} />
  else if (sent)
    body = <Result status="success" title={form.successMessage[locale]} data-testid="public-form-done" />
  else
    body = (
      <PublicFormView
        form={form}
        locale={locale}
        onSubmit={(values) => publicFormApi.submit(key, values)}
        onDone={(r: SubmitResult) => r.redirectUrl && go(r.redirectUrl)}
      />
    )

  return (
    <div className={`km-pf-page${inFrame ? ' km-pf-embedded' : ''}`} ref={root}>
      <Card className="km-pf-card" variant={inFrame ? 'borderless' : 'outlined'}>
        <div className="km-pf-top">
          <Segmented
            size="small"
            value={locale}
            onChange={(l) => setLocale(l as 'zh-CN' | 'en')}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
            aria-label={t('publicForm.language')}
            data-testid="public-form-language"
          />
        </div>
        {body}
      </Card>
    </div>
  )
}
