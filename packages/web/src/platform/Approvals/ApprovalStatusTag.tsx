import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { APPROVAL_STATUS_COLOR } from './approval-format.ts'
import type { ApprovalStatus } from './approvals-api.ts'

/** A request's status (待审批 / 已通过 / 已拒绝 / 已取消) as a coloured tag. */
export function ApprovalStatusTag({ status }: { status: ApprovalStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={APPROVAL_STATUS_COLOR[status]} data-testid="approval-status" data-status={status}>
      {t(`approvals.status.${status}`)}
    </Tag>
  )
}
