import { Input, Modal, Typography } from 'antd'
import { type ReactNode, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'

/**
 * A confirmation for something that loses data or hides it: what happens, how many records it touches,
 * and — when data would be destroyed — the name typed before the button works. `onOk` answers whether
 * to close (false: stay open, e.g. the server found records and the name must now be typed).
 */
export function DangerDialog({
  open,
  title,
  children,
  okText,
  typeToConfirm,
  onOk,
  onClose,
}: {
  open: boolean
  title: string
  children: ReactNode
  okText: string
  /** the name the user must type (set when records would be destroyed) */
  typeToConfirm?: string | null
  onOk: () => Promise<boolean>
  onClose: () => void
}) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    if (!open) {
      setTyped('')
      setError(null)
    }
  }, [open])
  const blocked = !!typeToConfirm && typed.trim() !== typeToConfirm

  const ok = async () => {
    setBusy(true)
    setError(null)
    try {
      if (await onOk()) onClose()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger: true, disabled: blocked, loading: busy }}
      cancelText={t('action.cancel')}
      onOk={ok}
      onCancel={onClose}
      destroyOnHidden
      width={480}
    >
      <div className="km-danger-body">
        {children}
        {typeToConfirm ? (
          <div className="km-danger-type">
            <Typography.Text>
              {t('settings.objects.typeToConfirm')} <Typography.Text code>{typeToConfirm}</Typography.Text>
            </Typography.Text>
            <Input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              aria-label={t('settings.objects.typeToConfirmLabel')}
              data-testid="danger-type"
            />
          </div>
        ) : null}
        {error ? <ProblemAlert error={error} /> : null}
      </div>
    </Modal>
  )
}
