import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { Button, Form, Input, InputNumber, Select } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { TemplateInput } from '../TemplateInput.tsx'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
const HEADER_NAME = /^[A-Za-z0-9-]{1,100}$/

/** Call a URL: method, URL, headers and body (with merge fields), a timeout and retries. */
export function HttpForm({ step, onChange }: { step: StepOf<'http'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const url = statusAt(env, 'url')
  // headers are edited as rows so that a name can be typed before it is valid
  const [rows, setRows] = useState(() => Object.entries(step.headers).map(([k, v]) => ({ k, v })))
  const commit = (next: { k: string; v: string }[]) => {
    setRows(next)
    const headers: Record<string, string> = {}
    for (const r of next) if (HEADER_NAME.test(r.k)) headers[r.k] = r.v
    onChange({ ...step, headers })
  }
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.method')}>
        <Select
          value={step.method}
          onChange={(method: (typeof METHODS)[number]) => onChange({ ...step, method })}
          options={METHODS.map((m) => ({ value: m, label: m }))}
          data-testid="wf-http-method"
        />
      </Form.Item>
      <Form.Item
        label={t('workflowBuilder.form.url')}
        required
        {...url}
        extra={t('workflowBuilder.form.urlHint')}
      >
        <TemplateInput
          value={step.url}
          onChange={(v) => onChange({ ...step, url: v })}
          status={url.validateStatus}
          placeholder="https://"
          maxLength={2000}
          data-testid="wf-http-url"
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.headers')} {...statusAt(env, 'headers')}>
        <div data-testid="wf-http-headers">
          {rows.map((r, i) => (
            // header rows have no ids until their name is typed
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <div className="km-wf-row" key={i}>
              <Input
                className="km-wf-header-name"
                value={r.k}
                placeholder={t('workflowBuilder.form.headerName')}
                aria-label={t('workflowBuilder.form.headerName')}
                status={r.k && !HEADER_NAME.test(r.k) ? 'error' : undefined}
                onChange={(e) => commit(rows.map((x, j) => (j === i ? { ...x, k: e.target.value } : x)))}
              />
              <div className="km-grow">
                <TemplateInput
                  value={r.v}
                  aria-label={t('workflowBuilder.form.headerValue')}
                  placeholder={t('workflowBuilder.form.headerValue')}
                  onChange={(v) => commit(rows.map((x, j) => (j === i ? { ...x, v } : x)))}
                />
              </div>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                onClick={() => commit(rows.filter((_, j) => j !== i))}
                aria-label={t('workflowBuilder.form.removeHeader')}
              />
            </div>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            disabled={rows.length >= 30}
            onClick={() => setRows([...rows, { k: '', v: '' }])}
          >
            {t('workflowBuilder.form.addHeader')}
          </Button>
        </div>
      </Form.Item>
      {step.method !== 'GET' ? (
        <Form.Item label={t('workflowBuilder.form.body')} {...statusAt(env, 'body')}>
          <TemplateInput
            multiline
            value={step.body ?? ''}
            onChange={(v) => onChange({ ...step, body: v || undefined })}
            placeholder='{"name": "{{trigger.record.name}}"}'
          />
        </Form.Item>
      ) : null}
      <div className="km-wf-row">
        <Form.Item className="km-grow" label={t('workflowBuilder.form.timeoutMs')}>
          <InputNumber
            className="km-full"
            min={100}
            max={60_000}
            step={1000}
            precision={0}
            value={step.timeoutMs}
            suffix="ms"
            onChange={(v) => typeof v === 'number' && onChange({ ...step, timeoutMs: v })}
          />
        </Form.Item>
        <Form.Item className="km-grow" label={t('workflowBuilder.form.retries')}>
          <InputNumber
            className="km-full"
            min={0}
            max={10}
            precision={0}
            value={step.retries}
            onChange={(v) => typeof v === 'number' && onChange({ ...step, retries: v })}
          />
        </Form.Item>
      </div>
    </>
  )
}
