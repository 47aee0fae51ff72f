import { ThunderboltOutlined } from '@ant-design/icons'
import type { MenuProps } from 'antd'
import type { TFunction } from 'i18next'
import type { ManualWorkflow } from './useManualWorkflows.ts'

type Items = NonNullable<MenuProps['items']>

/**
 * "Run workflow" entries of an actions menu: one workflow is one entry naming it, several are a submenu.
 * @example items={[...runWorkflowItems(workflows, t, (w) => run(w, [id])), deleteItem]}
 */
export function runWorkflowItems(
  workflows: ManualWorkflow[],
  t: TFunction,
  onPick: (w: ManualWorkflow) => void,
  disabled = false,
): Items {
  if (workflows.length === 0) return []
  const entry = (w: ManualWorkflow, label: string) => ({
    key: `run-workflow-${w.id}`,
    label: <span data-testid="run-workflow">{label}</span>,
    disabled,
    onClick: () => onPick(w),
  })
  if (workflows.length === 1) {
    const [only] = workflows as [ManualWorkflow]
    return [{ ...entry(only, t('automation.run.one', { name: only.name })), icon: <ThunderboltOutlined /> }]
  }
  return [
    {
      key: 'run-workflow',
      icon: <ThunderboltOutlined />,
      label: <span data-testid="run-workflow-menu">{t('automation.run.menu')}</span>,
      disabled,
      children: workflows.map((w) => entry(w, w.name)),
    },
  ]
}
