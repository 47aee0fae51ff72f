import {
  ArrowLeftOutlined,
  CloudUploadOutlined,
  ExperimentOutlined,
  SaveOutlined,
  WarningOutlined,
} from '@ant-design/icons'
import { Badge, Button, Tag, Tooltip, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Workflow } from '../Automation/automation-api.ts'

interface Props {
  name: string
  onName(name: string): void
  workflow: Workflow
  dirty: boolean
  problems: number
  busy: 'save' | 'publish' | 'test' | null
  /** phones: buttons show their icons only */
  compact: boolean
  /** the role may change workflows (else: no renaming, saving or publishing) */
  canWrite: boolean
  onProblems(): void
  onTest(): void
  onSave(): void
  onPublish(): void
}

/** The builder's bar: back to the list, the name (editable), where the workflow stands, and its actions. */
export function BuilderToolbar({
  name,
  onName,
  workflow,
  dirty,
  problems,
  busy,
  compact,
  canWrite,
  onProblems,
  onTest,
  onSave,
  onPublish,
}: Props) {
  const { t } = useTranslation()
  const label = (key: string) => (compact ? undefined : t(key))
  const tip = (key: string) => (compact ? t(key) : undefined)
  return (
    <div className="km-wf-bar" data-testid="wf-toolbar">
      <div className="km-wf-bar-name">
        <Link
          to="/settings/workflows"
          aria-label={t('workflowBuilder.back')}
          title={t('workflowBuilder.back')}
        >
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title
          level={5}
          className="km-ellipsis"
          editable={
            canWrite
              ? {
                  onChange: (v) => onName(v.trim() ? v.slice(0, 200) : name),
                  tooltip: t('workflowBuilder.rename'),
                  text: name,
                }
              : false
          }
          data-testid="wf-name"
        >
          {name}
        </Typography.Title>
        {workflow.publishedVersion ? (
          <Tag color="blue" data-testid="wf-version">
            {t('workflowBuilder.status.published', { version: workflow.publishedVersion })}
          </Tag>
        ) : (
          <Tag>{t('workflowBuilder.status.unpublished')}</Tag>
        )}
        {workflow.publishedVersion ? (
          <Tag color={workflow.enabled ? 'green' : undefined}>
            {t(workflow.enabled ? 'workflowBuilder.status.enabled' : 'workflowBuilder.status.disabled')}
          </Tag>
        ) : null}
        {dirty ? (
          <Tag color="orange" data-testid="wf-dirty">
            {t('workflowBuilder.status.unsaved')}
          </Tag>
        ) : workflow.hasChanges && workflow.publishedVersion ? (
          <Tag color="gold">{t('workflowBuilder.status.draftAhead')}</Tag>
        ) : null}
      </div>
      <div className="km-wf-bar-actions">
        <Tooltip title={tip('workflowBuilder.problems.button')}>
          <Badge count={problems} size="small" offset={[-4, 4]}>
            <Button
              icon={<WarningOutlined />}
              danger={problems > 0}
              onClick={onProblems}
              data-testid="wf-problems-button"
              aria-label={t('workflowBuilder.problems.button')}
            >
              {label('workflowBuilder.problems.button')}
            </Button>
          </Badge>
        </Tooltip>
        <Tooltip title={tip('workflowBuilder.test.title')}>
          <Button
            icon={<ExperimentOutlined />}
            onClick={onTest}
            data-testid="wf-test-button"
            aria-label={t('workflowBuilder.test.title')}
          >
            {label('workflowBuilder.test.title')}
          </Button>
        </Tooltip>
        {canWrite ? (
          <>
            <Tooltip title={tip('workflowBuilder.save')}>
              <Button
                icon={<SaveOutlined />}
                onClick={onSave}
                loading={busy === 'save'}
                disabled={!dirty || (busy !== null && busy !== 'save')}
                data-testid="wf-save"
                aria-label={t('workflowBuilder.save')}
              >
                {label('workflowBuilder.save')}
              </Button>
            </Tooltip>
            <Tooltip title={tip('workflowBuilder.publish')}>
              <Button
                type="primary"
                icon={<CloudUploadOutlined />}
                onClick={onPublish}
                loading={busy === 'publish'}
                disabled={busy !== null && busy !== 'publish'}
                data-testid="wf-publish"
                aria-label={t('workflowBuilder.publish')}
              >
                {label('workflowBuilder.publish')}
              </Button>
            </Tooltip>
          </>
        ) : null}
      </div>
    </div>
  )
}
