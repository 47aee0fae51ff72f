import { AuditOutlined } from '@ant-design/icons'
import { Tabs, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useMe } from '../app/session.tsx'
import { ApprovalDetailDrawer } from '../platform/Approvals/ApprovalDetailDrawer.tsx'
import { ApprovalList } from '../platform/Approvals/ApprovalList.tsx'
import type { ApprovalBox } from '../platform/Approvals/approvals-api.ts'
import { canAutomation } from '../platform/permissions.ts'
import '../platform/Approvals/approvals.css'

/**
 * `/approvals`: 待我审批 / 我提交的 / 全部 (the last for automation readers). `?box=` keeps the tab and
 * `?id=` opens a request in the drawer, so a notification can link to it (docs/automation.md "Approvals").
 */
export function ApprovalsPage() {
  const { t } = useTranslation()
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const boxes: ApprovalBox[] = canAutomation(me, 'read')
    ? ['inbox', 'submitted', 'all']
    : ['inbox', 'submitted']
  const asked = params.get('box') as ApprovalBox | null
  const box: ApprovalBox = asked && boxes.includes(asked) ? asked : 'inbox'
  const openId = params.get('id')

  const set = (patch: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p)
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) next.delete(k)
          else next.set(k, v)
        }
        return next
      },
      { replace: patch.box === undefined },
    )

  return (
    <div className="km-page" data-testid="approvals-page">
      <div className="km-page-head">
        <div className="km-page-title">
          <Typography.Title level={4} style={{ margin: 0 }}>
            <AuditOutlined /> {t('approvals.title')}
          </Typography.Title>
        </div>
      </div>
      <div className="km-appr-body">
        <Tabs
          activeKey={box}
          onChange={(k) => set({ box: k === 'inbox' ? null : k })}
          data-testid="approval-tabs"
          items={boxes.map((b) => ({
            key: b,
            label: <span data-testid={`approval-tab-${b}`}>{t(`approvals.box.${b}`)}</span>,
          }))}
        />
        <ApprovalList key={box} box={box} onOpen={(id) => set({ id })} />
      </div>
      <ApprovalDetailDrawer id={openId} onClose={() => set({ id: null })} />
    </div>
  )
}
