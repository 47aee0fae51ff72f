import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Button, Card, Drawer, Empty, Skeleton, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../../app/metadata.tsx'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import {
  type Workflow,
  type WorkflowTemplate,
  workflowsApi,
} from '../../../platform/Automation/automation-api.ts'
import { refusalText } from '../../../platform/Automation/refusal.ts'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { useLoad } from '../admin/useLoad.ts'

interface Props {
  /** may install (the `_automation` update right) */
  canWrite: boolean
  /** keys of the templates the workspace's workflows came from */
  installed: ReadonlySet<string>
  onClose(): void
  onInstalled(w: Workflow): void
}

/**
 * "New from template": the ready-made workflows with their descriptions. A template whose objects or
 * fields this workspace lacks says what is missing and cannot be installed (the server would answer 409).
 */
export function TemplatesDrawer({ canWrite, installed, onClose, onInstalled }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { byName } = useMetadata()
  const isMobile = useIsMobile()
  const templates = useLoad((s) => workflowsApi.templates(s), [])
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<{ key: string; error: unknown } | null>(null)

  const objectLabel = (name: string) => {
    const o = byName.get(name)
    return o ? labelOf(o.label, locale) : name
  }
  const fieldLabel = (object: string, field: string) => {
    const f = byName.get(object)?.fields.find((x) => x.name === field)
    return f ? labelOf(f.label, locale) : field
  }
  const missingText = (m: WorkflowTemplate['missing'][number]) =>
    m.field
      ? t('automation.templates.missingField', {
          object: objectLabel(m.object),
          field: fieldLabel(m.object, m.field),
        })
      : t('automation.templates.missingObject', { object: objectLabel(m.object) })

  const install = async (tpl: WorkflowTemplate) => {
    setBusy(tpl.key)
    setError(null)
    try {
      onInstalled(await workflowsApi.install(tpl.key))
    } catch (e) {
      setError({ key: tpl.key, error: e })
    } finally {
      setBusy(null)
    }
  }

  const card = (tpl: WorkflowTemplate) => {
    const blocked = tpl.missing.length > 0
    return (
      <Card
        key={tpl.key}
        size="small"
        className="km-auto-template"
        data-testid="workflow-template"
        data-template={tpl.key}
        title={
          <span className="km-admin-role-label">
            <span className="km-auto-template-name">{labelOf(tpl.name, locale)}</span>
            {installed.has(tpl.key) ? (
              <Tag color="success" data-testid="template-installed">
                {t('automation.templates.installedTag')}
              </Tag>
            ) : null}
          </span>
        }
        extra={
          <Button
            type={blocked ? 'default' : 'primary'}
            size="small"
            disabled={blocked || !canWrite}
            loading={busy === tpl.key}
            onClick={() => install(tpl)}
            data-testid="template-install"
          >
            {t('automation.templates.install')}
          </Button>
        }
      >
        <Typography.Paragraph className="km-auto-template-text">
          {labelOf(tpl.description, locale)}
        </Typography.Paragraph>
        <div className="km-admin-tags">
          {tpl.requires.map((r) => (
            <Tag key={r.object} color={tpl.missing.some((m) => m.object === r.object) ? 'error' : 'blue'}>
              {objectLabel(r.object)}
            </Tag>
          ))}
        </div>
        {blocked ? (
          <Alert
            className="km-auto-gap-top"
            type="warning"
            showIcon
            data-testid="template-missing"
            title={t('automation.templates.cannotInstall', {
              missing: tpl.missing.map(missingText).join(t('automation.trigger.listSeparator')),
            })}
          />
        ) : null}
        {error?.key === tpl.key ? (
          <Alert
            className="km-auto-gap-top"
            type="error"
            showIcon
            role="alert"
            title={refusalText(error.error, t)}
            data-testid="template-error"
          />
        ) : null}
      </Card>
    )
  }

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('automation.templates.title')}
      size={isMobile ? '92%' : 560}
      placement={isMobile ? 'bottom' : 'right'}
      data-testid="templates-drawer"
    >
      <Typography.Paragraph type="secondary">{t('automation.templates.intro')}</Typography.Paragraph>
      {templates.error ? <ProblemAlert error={templates.error} onRetry={templates.reload} /> : null}
      {templates.loading && !templates.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : templates.data?.data.length ? (
        <div className="km-auto-templates">
          {/* what can be installed first */}
          {[...templates.data.data]
            .sort((a, b) => Number(a.missing.length > 0) - Number(b.missing.length > 0))
            .map(card)}
        </div>
      ) : templates.data ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('automation.templates.empty')} />
      ) : null}
    </Drawer>
  )
}
