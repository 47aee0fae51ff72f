import { DisconnectOutlined, NodeIndexOutlined } from '@ant-design/icons'
import { Dropdown, type MenuProps } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useCanvas } from './canvasContext.ts'
import { type InsertableType, type Link, TRIGGER } from './model.ts'
import { INSERT_GROUPS, STEP_VISUALS } from './stepVisuals.tsx'

/**
 * The "+" menu of a link: a step type to put on it, an existing step to go to instead (branches join,
 * loops through a wait), or ending the run there.
 */
export function AddStepMenu({ link, children }: { link: Link; children: ReactNode }) {
  const { t } = useTranslation()
  const canvas = useCanvas()
  const items: MenuProps['items'] = INSERT_GROUPS.map((g) => ({
    type: 'group' as const,
    key: g.family,
    label: t(`workflowBuilder.family.${g.family}`),
    children: g.types.map((type) => ({
      key: `add:${type}`,
      icon: <span className={`km-wf-icon km-wf-${g.family}`}>{STEP_VISUALS[type].icon}</span>,
      label: t(`workflowBuilder.type.${type}`),
      'data-testid': `wf-add-${type}`,
    })),
  }))
  const others = canvas.steps.filter((s) => s.id !== link.to)
  if (link.from !== TRIGGER || others.length > 0) items.push({ type: 'divider' })
  if (others.length > 0)
    items.push({
      key: 'goto',
      icon: <NodeIndexOutlined />,
      label: t('workflowBuilder.menu.goTo'),
      children: others.map((s) => ({ key: `goto:${s.id}`, label: s.label })),
    })
  if (link.from !== TRIGGER && link.to !== null)
    items.push({
      key: 'end',
      icon: <DisconnectOutlined />,
      danger: true,
      label: t('workflowBuilder.menu.end'),
      'data-testid': 'wf-link-end',
    })
  const onClick: MenuProps['onClick'] = ({ key, domEvent }) => {
    domEvent.stopPropagation()
    if (key.startsWith('add:')) canvas.onInsert(link.from, link.path, key.slice(4) as InsertableType)
    else if (key.startsWith('goto:')) canvas.onConnect(link.from, link.path, key.slice(5))
    else if (key === 'end') canvas.onConnect(link.from, link.path, null)
  }
  return (
    <Dropdown menu={{ items, onClick, className: 'km-wf-add-menu' }} trigger={['click']} placement="bottom">
      {children}
    </Dropdown>
  )
}
