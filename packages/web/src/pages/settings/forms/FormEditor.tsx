import { ArrowLeftOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import {
  Alert,
  Form as AntForm,
  App,
  Button,
  Card,
  Empty,
  Input,
  Segmented,
  Select,
  Skeleton,
  Switch,
  Tabs,
  Typography,
} from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useMetadata } from '../../../app/metadata.tsx'
import { useMe } from '../../../app/session.tsx'
import { ApiError } from '../../../platform/api-client.ts'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { PublicFormView } from '../../../platform/PublicForm/PublicFormView.tsx'
import { useLoad } from '../admin/useLoad.ts'
import { type Form, formsApi } from './api.ts'
import { BilingualInput } from './BilingualInput.tsx'
import { FormFieldsEditor } from './FormFieldsEditor.tsx'
import { FormShare } from './FormShare.tsx'
import { FormSubmissions } from './FormSubmissions.tsx'
import {
  createInput,
  draftOf,
  type FormDraft,
  formableFields,
  newDraft,
  previewOf,
  updateInput,
} from './formModel.ts'

const HTTP_URL = /^https?:\/\/[^\s/$.?#].[^\s]*$/i
type Tab = 'design' | 'share' | 'submissions'

/**
 * One form: design (settings, fields, texts) beside a live preview, then its link and embed snippet, and
 * what came in. `id` null: a new form, saved by "Create".
 */
export function FormEditor({ id }: { id: string | null }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const meta = useMetadata()
  const me = useMe()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const [params, setParams] = useSearchParams()
  const loaded = useLoad((s) => (id ? formsApi.get(id, s) : Promise.resolve(null)), [id])
  const objects = useMemo(
    () => meta.objects.filter((o) => o.isActive && !o.isJunction && formableFields(o).length > 0),
    [meta.objects],
  )
  const [form, setForm] = useState<Form | null>(null)
  const [draft, setDraft] = useState<FormDraft | null>(null)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [previewLocale, setPreviewLocale] = useState<Locale>(locale)
  const [nameMissing, setNameMissing] = useState(false)

  // the loaded form replaces the draft once per load (not on every edit)
  useEffect(() => {
    if (!loaded.data) return
    setForm(loaded.data)
    setDraft(draftOf(loaded.data))
  }, [loaded.data])
  // a new form starts from the first object that can have one
  useEffect(() => {
    if (!id && !draft && objects[0]) setDraft(newDraft(objects[0], t('forms.newTitle')))
  }, [id, draft, objects, t])

  const tab = ((id && params.get('tab')) || 'design') as Tab
  const object = draft ? meta.byName.get(draft.objectName) : undefined
  const redirectBad = !!draft && draft.redirectUrl.trim() !== '' && !HTTP_URL.test(draft.redirectUrl.trim())

  /** the server's issues under the field they name (`fields.3.value`), the rest above */
  const issues = useMemo(() => {
    const byField = new Map<number, string[]>()
    const rest: string[] = []
    if (error instanceof ApiError)
      for (const e of error.problem.errors ?? []) {
        const m = /^fields\.(\d+)\./.exec(e.path)
        if (m) byField.set(Number(m[1]), [...(byField.get(Number(m[1])) ?? []), e.message])
        else rest.push(e.message)
      }
    return { byField, rest }
  }, [error])

  if (loaded.loading && id && !loaded.data) return <Skeleton active paragraph={{ rows: 10 }} />
  if (loaded.error)
    return (
      <Card>
        {loaded.error instanceof ApiError && loaded.error.status === 404 ? (
          <Empty description={t('forms.notFound')}>
            <Link to="/settings/forms">{t('forms.back')}</Link>
          </Empty>
        ) : (
          <ProblemAlert error={loaded.error} onRetry={loaded.reload} />
        )}
      </Card>
    )
  if (!draft || !object) return <Skeleton active paragraph={{ rows: 10 }} />

  const change = (d: FormDraft) => setDraft(d)

  async function save() {
    if (!draft) return
    if (!draft.name.trim()) {
      setNameMissing(true)
      return
    }
    if (redirectBad) return
    setSaving(true)
    setError(null)
    try {
      if (id) {
        const f = await formsApi.update(id, updateInput(draft))
        setForm(f)
        setDraft(draftOf(f))
        message.success(t('forms.saved'))
      } else {
        const f = await formsApi.create(createInput(draft))
        message.success(t('forms.created'))
        navigate(`/settings/forms/${f.id}?tab=share`, { replace: true })
      }
    } catch (e) {
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  const design = (
    <div className="km-forms-design">
      <div className="km-forms-editor">
        {error && !(error instanceof ApiError && error.problem.errors?.length) ? (
          <ProblemAlert error={error} />
        ) : null}
        {issues.rest.length > 0 ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="km-forms-gap"
            title={error instanceof ApiError ? error.problem.title : ''}
            description={
              <ul className="km-problem-list">
                {issues.rest.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            }
          />
        ) : null}
        <Card size="small" title={t('forms.settings')} className="km-forms-gap">
          <AntForm layout="vertical" component="div">
            <AntForm.Item
              label={t('forms.name')}
              required
              validateStatus={nameMissing && !draft.name.trim() ? 'error' : undefined}
              help={nameMissing && !draft.name.trim() ? t('forms.nameRequired') : undefined}
            >
              <Input
                value={draft.name}
                maxLength={200}
                onChange={(e) => change({ ...draft, name: e.target.value })}
                data-testid="form-name"
              />
            </AntForm.Item>
            <AntForm.Item label={t('forms.object')} extra={t('forms.objectHint')}>
              <Select
                value={draft.objectName}
                disabled={!!id}
                onChange={(o: string) => {
                  const next = meta.byName.get(o)
                  if (next) change({ ...newDraft(next, draft.name), enabled: draft.enabled })
                }}
                options={objects.map((o) => ({
                  value: o.name,
                  label: labelOf(o.pluralLabel, locale) || o.name,
                }))}
                data-testid="form-object"
              />
            </AntForm.Item>
            <AntForm.Item label={t('forms.enabled')} extra={t('forms.enabledHint')}>
              <Switch
                checked={draft.enabled}
                onChange={(enabled) => change({ ...draft, enabled })}
                data-testid="form-enabled-switch"
              />
            </AntForm.Item>
            <AntForm.Item label={t('forms.owner')} extra={t('forms.ownerHint')}>
              <Select
                allowClear
                value={draft.ownerId ?? undefined}
                onChange={(v: string | undefined) => change({ ...draft, ownerId: v ?? null })}
                options={[...meta.userNames].map(([value, label]) => ({ value, label }))}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.choose')}
                data-testid="form-owner"
              />
            </AntForm.Item>
            <AntForm.Item
              label={t('forms.redirectUrl')}
              extra={redirectBad ? undefined : t('forms.redirectHint')}
              validateStatus={redirectBad ? 'error' : undefined}
              help={redirectBad ? t('forms.redirectInvalid') : undefined}
            >
              <Input
                value={draft.redirectUrl}
                inputMode="url"
                placeholder="https://"
                onChange={(e) => change({ ...draft, redirectUrl: e.target.value })}
                data-testid="form-redirect"
              />
            </AntForm.Item>
          </AntForm>
        </Card>
        <Card size="small" title={t('forms.fields')} className="km-forms-gap">
          <Typography.Paragraph type="secondary">{t('forms.fieldsHint')}</Typography.Paragraph>
          <FormFieldsEditor
            object={object}
            draft={draft}
            onChange={change}
            locale={locale}
            issues={issues.byField}
          />
        </Card>
        <Card size="small" title={t('forms.texts')} className="km-forms-gap">
          <div className="km-forms-detail-label">{t('forms.formTitle')}</div>
          <BilingualInput
            value={draft.title}
            onChange={(title) => change({ ...draft, title })}
            maxLength={200}
            placeholder={{ 'zh-CN': draft.name, en: draft.name }}
            testId="form-title"
          />
          <div className="km-forms-detail-label">{t('forms.description')}</div>
          <BilingualInput
            value={draft.description}
            onChange={(description) => change({ ...draft, description })}
            maxLength={2000}
            multiline
            testId="form-description"
          />
          <div className="km-forms-detail-label">{t('forms.submitLabel')}</div>
          <BilingualInput
            value={draft.submitLabel}
            onChange={(submitLabel) => change({ ...draft, submitLabel })}
            maxLength={50}
            placeholder={{ 'zh-CN': '提交', en: 'Submit' }}
          />
          <div className="km-forms-detail-label">{t('forms.successMessage')}</div>
          <BilingualInput
            value={draft.successMessage}
            onChange={(successMessage) => change({ ...draft, successMessage })}
            maxLength={1000}
            multiline
            testId="form-success"
          />
        </Card>
      </div>
      <div className="km-forms-preview">
        <Card
          size="small"
          title={t('forms.preview')}
          extra={
            <Segmented
              size="small"
              value={previewLocale}
              onChange={(l) => setPreviewLocale(l as Locale)}
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
              aria-label={t('forms.previewLanguage')}
              data-testid="form-preview-language"
            />
          }
          data-testid="form-preview"
        >
          <Typography.Paragraph type="secondary" className="km-forms-hint">
            {t('forms.previewHint')}
          </Typography.Paragraph>
          <PublicFormView
            key={`${previewLocale}:${draft.fields.map((f) => f.field).join()}`}
            form={previewOf(draft, object, me.workspace.currency)}
            locale={previewLocale}
            preview
          />
        </Card>
      </div>
    </div>
  )

  return (
    <div className="km-forms km-forms-edit" data-testid="form-editor">
      <div className="km-forms-header">
        <Link to="/settings/forms" className="km-forms-back">
          <ArrowLeftOutlined /> {t('forms.back')}
        </Link>
        <Typography.Title level={4} className="km-forms-heading">
          {id ? (form?.name ?? draft.name) : t('forms.newTitle')}
        </Typography.Title>
        {tab === 'design' ? (
          <Button
            type="primary"
            loading={saving}
            onClick={save}
            disabled={redirectBad}
            data-testid="form-save"
          >
            {id ? t('forms.save') : t('forms.create')}
          </Button>
        ) : null}
      </div>
      {id && form ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'design' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'design', label: t('forms.tabDesign'), children: design },
            {
              key: 'share',
              label: t('forms.tabShare'),
              children: <FormShare form={form} onChanged={setForm} />,
            },
            {
              key: 'submissions',
              label: t('forms.tabSubmissions'),
              children: <FormSubmissions form={form} />,
            },
          ]}
        />
      ) : (
        design
      )}
    </div>
  )
}
