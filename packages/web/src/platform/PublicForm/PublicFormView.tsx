import type { PublicForm, PublicFormField, SubmitResult } from '@kemai/shared/api/forms.api'
import { formFieldRule } from '@kemai/shared/forms/submission'
import { type Locale, translate } from '@kemai/shared/i18n/messages'
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Rate,
  Result,
  Select,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { lazy, Suspense, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AddressInputProps } from '../Address/AddressInput.tsx'
import { ApiError } from '../api-client.ts'
import './public-form.css'

// the cascader and China's divisions load only for a form that asks for an address
const AddressInput = lazy(() => import('../Address/AddressInput.tsx'))

const isDayjs = (v: unknown): v is Dayjs =>
  typeof v === 'object' && v !== null && typeof (v as Dayjs).format === 'function'

/** What an input holds, as the submission carries it (dates as text). */
export function toWire(f: PublicFormField, v: unknown): unknown {
  if (isDayjs(v)) return f.type === 'date' ? v.format('YYYY-MM-DD') : v.toISOString()
  if (f.type === 'rating' && v === 0) return undefined
  return v
}

/** The shared rule of a field as an antd validator; its message is the server's, in the page's language. */
function ruleOf(f: PublicFormField, locale: Locale) {
  const rule = formFieldRule(f)
  return {
    validator: async (_: unknown, v: unknown) => {
      const r = rule.safeParse(toWire(f, v))
      if (r.success) return
      const issue = r.error.issues[0]!
      const params = (issue as { params?: Record<string, unknown> }).params ?? {}
      throw new Error(translate(locale, `field.${issue.message}`, params))
    },
  }
}

function FieldControl({ f, locale, ...control }: { f: PublicFormField; locale: Locale }) {
  const rest = control as Record<string, unknown>
  const placeholder = f.placeholder?.[locale] ?? f.placeholder?.['zh-CN'] ?? f.placeholder?.en
  const choices = f.choices.map((c) => ({ value: c.value, label: c.label[locale] }))
  switch (f.type) {
    case 'long_text':
      return <Input.TextArea {...rest} placeholder={placeholder} autoSize={{ minRows: 3, maxRows: 10 }} />
    case 'email':
      return <Input {...rest} type="email" inputMode="email" autoComplete="email" placeholder={placeholder} />
    case 'phone':
      return <Input {...rest} type="tel" inputMode="tel" autoComplete="tel" placeholder={placeholder} />
    case 'url':
      return <Input {...rest} inputMode="url" placeholder={placeholder ?? 'https://'} />
    case 'number':
    case 'percent':
    case 'currency':
      return (
        <InputNumber
          {...rest}
          className="km-full"
          placeholder={placeholder}
          min={f.min ?? undefined}
          max={f.max ?? undefined}
          precision={f.type === 'currency' ? 2 : (f.precision ?? undefined)}
          suffix={f.type === 'percent' ? '%' : f.type === 'currency' ? f.currency : undefined}
        />
      )
    case 'date':
      return <DatePicker {...rest} className="km-full" placeholder={placeholder} />
    case 'datetime':
      return (
        <DatePicker
          {...rest}
          className="km-full"
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          placeholder={placeholder}
        />
      )
    case 'boolean':
      return (
        <Checkbox
          checked={rest.value === true}
          onChange={(e) => (rest.onChange as (v: boolean) => void)?.(e.target.checked)}
          id={rest.id as string}
        >
          {placeholder ?? f.label[locale]}
        </Checkbox>
      )
    case 'select':
      return <Select {...rest} allowClear options={choices} placeholder={placeholder} />
    case 'multi_select':
      return choices.length <= 8 ? (
        <Checkbox.Group {...rest} options={choices} className="km-pf-checks" />
      ) : (
        <Select {...rest} mode="multiple" allowClear options={choices} placeholder={placeholder} />
      )
    case 'rating':
      return <Rate {...rest} count={f.scale ?? 5} />
    case 'address':
      return (
        <Suspense fallback={<Input readOnly />}>
          <AddressInput {...(rest as AddressInputProps)} />
        </Suspense>
      )
    default:
      return <Input {...rest} placeholder={placeholder} maxLength={f.maxLength ?? undefined} />
  }
}

/**
 * A web form as visitors see it (the public page `/f/{key}` and the editor's live preview): the fields with
 * the shared checks before sending, the server's messages under their fields after, and the success
 * message at the end. A honeypot input is rendered out of sight; people leave it empty.
 */
export function PublicFormView({
  form,
  locale,
  onSubmit,
  onDone,
  preview = false,
}: {
  form: PublicForm
  locale: Locale
  /** sends the values (not called in a preview) */
  onSubmit?: (values: Record<string, unknown>) => Promise<SubmitResult>
  /** after a good submission (a redirect goes here) */
  onDone?: (r: SubmitResult) => void
  /** the editor's preview: checks the values but sends nothing */
  preview?: boolean
}) {
  const { t } = useTranslation()
  const [antForm] = Form.useForm()
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const honeypot = useRef<HTMLInputElement>(null)

  async function send(values: Record<string, unknown>) {
    setError(null)
    const body: Record<string, unknown> = { [form.honeypot]: honeypot.current?.value ?? '', _locale: locale }
    for (const f of form.fields) {
      const v = toWire(f, values[f.name])
      if (v !== undefined && v !== null && v !== '') body[f.name] = v
    }
    if (preview || !onSubmit) {
      setDone(form.successMessage[locale])
      return
    }
    setSending(true)
    try {
      const r = await onSubmit(body)
      if (r.redirectUrl && onDone) onDone(r)
      else setDone(r.message)
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors?.length) {
        const known = new Set(form.fields.map((f) => f.name))
        antForm.setFields(
          e.problem.errors
            .filter((x) => known.has(x.path.split('.')[0]!))
            .map((x) => ({ name: x.path.split('.')[0]!, errors: [x.message] })),
        )
        const other = e.problem.errors.filter((x) => !known.has(x.path.split('.')[0]!))
        setError(other.length ? other.map((x) => `${x.path}: ${x.message}`).join('；') : null)
      } else if (e instanceof ApiError && e.status !== 0) setError(e.problem.title)
      else setError(t('publicForm.network'))
    } finally {
      setSending(false)
    }
  }

  if (done !== null)
    return (
      <div className="km-pf" data-testid="public-form-done">
        <Result
          status="success"
          title={done}
          extra={
            preview ? (
              <Button onClick={() => setDone(null)} data-testid="public-form-again">
                {t('publicForm.again')}
              </Button>
            ) : null
          }
        />
      </div>
    )

  return (
    <div className="km-pf" data-testid="public-form">
      <Typography.Title level={3} className="km-pf-title">
        {form.title[locale]}
      </Typography.Title>
      {form.description[locale] ? (
        <Typography.Paragraph className="km-pf-desc">{form.description[locale]}</Typography.Paragraph>
      ) : null}
      <Form
        form={antForm}
        layout="vertical"
        onFinish={send}
        requiredMark
        validateTrigger="onBlur"
        scrollToFirstError
        noValidate
      >
        {form.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.type === 'boolean' && !f.placeholder ? undefined : f.label[locale]}
            required={f.required}
            extra={f.help?.[locale] ?? f.help?.['zh-CN'] ?? f.help?.en}
            rules={[ruleOf(f, locale)]}
            data-testid={`pf-field-${f.name}`}
          >
            <FieldControl f={f} locale={locale} />
          </Form.Item>
        ))}
        <input
          ref={honeypot}
          name={form.honeypot}
          className="km-pf-hp"
          tabIndex={-1}
          autoComplete="off"
          aria-hidden="true"
          defaultValue=""
        />
        {error ? <Alert type="error" showIcon title={error} className="km-pf-error" role="alert" /> : null}
        <Button
          type="primary"
          htmlType="submit"
          loading={sending}
          block
          size="large"
          data-testid="public-form-submit"
        >
          {form.submitLabel[locale]}
        </Button>
      </Form>
    </div>
  )
}
