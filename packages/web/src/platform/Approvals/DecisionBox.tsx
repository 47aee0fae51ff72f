import { CheckOutlined, CloseOutlined } from '@ant-design/icons'
import { App, Button, Input, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { type ApprovalDetail, announceApprovalsChanged, approvalsApi } from './approvals-api.ts'

/** The longest comment the server takes (`approvalDecisionSchema`). */
export const MAX_COMMENT = 2000

/**
 * Approve / Reject with a comment, for a pending approver of the current level. A reject without a
 * comment asks once more (a reason helps the submitter); the server's refusal (403 not an approver,
 * 409 already decided) is shown in the user's language.
 */
export function DecisionBox({
  approvalId,
  onDecided,
  compact,
}: {
  approvalId: string
  onDecided(detail: ApprovalDetail): void
  /** one line (the record page banner) */
  compact?: boolean
}) {
  const { t } = useTranslation()
  const { modal, message } = App.useApp()
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null)
  const [error, setError] = useState<unknown>(null)

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(decision)
    setError(null)
    try {
      const detail = await approvalsApi.decide(approvalId, decision, comment.trim() || undefined)
      setComment('')
      message.success(t(decision === 'approve' ? 'approvals.approvedToast' : 'approvals.rejectedToast'))
      announceApprovalsChanged()
      onDecided(detail)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }
  const reject = () => {
    if (comment.trim()) return void decide('reject')
    modal.confirm({
      title: t('approvals.rejectNoCommentTitle'),
      content: t('approvals.rejectNoComment'),
      okText: t('approvals.rejectAnyway'),
      okButtonProps: { danger: true, 'data-testid': 'approval-reject-confirm' } as never,
      cancelText: t('approvals.addComment'),
      onOk: () => decide('reject'),
    })
  }

  return (
    <div
      className={`km-appr-decide${compact ? ' km-appr-decide-compact' : ''}`}
      data-testid="approval-decide"
    >
      <Input.TextArea
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        maxLength={MAX_COMMENT}
        showCount={!compact}
        autoSize={{ minRows: compact ? 1 : 2, maxRows: 6 }}
        placeholder={t('approvals.commentPlaceholder')}
        aria-label={t('approvals.comment')}
        data-testid="approval-comment"
        disabled={busy !== null}
      />
      <Space wrap>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={busy === 'approve'}
          disabled={busy === 'reject'}
          onClick={() => decide('approve')}
          data-testid="approval-approve"
        >
          {t('approvals.approve')}
        </Button>
        <Button
          danger
          icon={<CloseOutlined />}
          loading={busy === 'reject'}
          disabled={busy === 'approve'}
          onClick={reject}
          data-testid="approval-reject"
        >
          {t('approvals.reject')}
        </Button>
      </Space>
      {error ? (
        <div data-testid="approval-decide-error">
          <ProblemAlert error={error} />
        </div>
      ) : null}
    </div>
  )
}
