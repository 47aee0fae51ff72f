import { App } from 'antd'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { ManualWorkflow } from './useManualWorkflows.ts'

/**
 * Starts a manual workflow on records after a confirmation, loading that code on the first use (the
 * record page's first load stays small, docs/web.md "Size").
 */
export function useRunWorkflow(): (
  workflow: ManualWorkflow,
  recordIds: string[],
  onStarted?: (runIds: string[]) => void,
) => void {
  const { t } = useTranslation()
  const app = App.useApp()
  const navigate = useNavigate()
  return useCallback(
    (workflow, recordIds, onStarted) => {
      void import('./startManualRun.tsx')
        .then((m) => m.confirmManualRun({ workflow, recordIds, t, app, navigate, onStarted }))
        .catch(() => app.message.error(t('error.network')))
    },
    [t, app, navigate],
  )
}
