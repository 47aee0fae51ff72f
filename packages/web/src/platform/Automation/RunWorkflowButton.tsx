import { ThunderboltOutlined } from '@ant-design/icons'
import { App, Button, Dropdown, Tooltip } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_MANUAL_RUN } from './automation-api.ts'
import { refusalText } from './refusal.ts'
import { useManualWorkflows } from './useManualWorkflows.ts'
import { useRunWorkflow } from './useRunWorkflow.ts'

interface Props {
  object: string
  /** how many records are selected */
  count: number
  /** the selected ids (a selection of "all matching" is looked up first) */
  resolveIds(): Promise<string[]>
  compact?: boolean
  onStarted?(): void
}

/**
 * "Run workflow" on a list selection: the enabled manual workflows of the object whose trigger allows a
 * selection (`bulk`), up to 100 records at a time (the API's limit). Nothing when there are none.
 */
export function RunWorkflowButton({ object, count, resolveIds, compact, onStarted }: Props) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const workflows = useManualWorkflows(object).filter((w) => w.bulk)
  const run = useRunWorkflow()
  const [busy, setBusy] = useState(false)
  if (workflows.length === 0) return null
  const tooMany = count > MAX_MANUAL_RUN

  const pick = async (id: string) => {
    const w = workflows.find((x) => x.id === id)
    if (!w) return
    setBusy(true)
    try {
      const ids = await resolveIds()
      if (ids.length > MAX_MANUAL_RUN) message.error(t('automation.run.tooMany', { max: MAX_MANUAL_RUN }))
      else if (ids.length) run(w, ids, () => onStarted?.())
    } catch (e) {
      message.error(refusalText(e, t))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Tooltip title={tooMany ? t('automation.run.tooMany', { max: MAX_MANUAL_RUN }) : undefined}>
      <Dropdown
        trigger={['click']}
        disabled={tooMany}
        menu={{
          items: workflows.map((w) => ({ key: w.id, label: w.name })),
          onClick: ({ key }) => void pick(key),
        }}
      >
        <Button
          icon={<ThunderboltOutlined />}
          loading={busy}
          disabled={tooMany}
          aria-label={t('automation.run.menu')}
          data-testid="bulk-run-workflow"
        >
          {compact ? null : t('automation.run.menu')}
        </Button>
      </Dropdown>
    </Tooltip>
  )
}
