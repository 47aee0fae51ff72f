import { type App, Button, type ButtonProps } from 'antd'
import type { TFunction } from 'i18next'
import { workflowsApi } from './automation-api.ts'
import { refusalText } from './refusal.ts'
import type { ManualWorkflow } from './useManualWorkflows.ts'

type AppApi = ReturnType<typeof App.useApp>

/** Where the runs of a manual start are listed (one record: its runs of that workflow). */
export function runsLink(workflowId: string, recordIds: string[]): string {
  const q = new URLSearchParams({ workflowId })
  if (recordIds.length === 1 && recordIds[0]) q.set('recordId', recordIds[0])
  return `/settings/workflow-runs?${q}`
}

/**
 * "Run workflow" on a record or a list selection: asks first (a workflow may send mail or call other
 * systems), starts it (`POST /workflows/{id}/run`), and says how it went with a link to the run history.
 * Loaded on the first click, so the record page does not carry it (docs/web.md "Size").
 */
export function confirmManualRun(opts: {
  workflow: ManualWorkflow
  recordIds: string[]
  t: TFunction
  app: AppApi
  navigate(to: string): void
  /** after the server accepted the start */
  onStarted?(runIds: string[]): void
}): void {
  const { workflow, recordIds, t, app, navigate } = opts
  const count = recordIds.length
  app.modal.confirm({
    title: t('automation.run.confirmTitle', { name: workflow.name }),
    content: count === 1 ? t('automation.run.confirmOne') : t('automation.run.confirmMany', { count }),
    okText: t('automation.run.ok'),
    cancelText: t('action.cancel'),
    okButtonProps: { 'data-testid': 'run-workflow-ok' } as ButtonProps,
    onOk: async () => {
      const key = `run-${workflow.id}-${Date.now()}`
      const open = (
        <Button
          type="link"
          size="small"
          data-testid="run-workflow-history"
          onClick={() => {
            app.notification.destroy(key)
            navigate(runsLink(workflow.id, recordIds))
          }}
        >
          {t('automation.run.openHistory')}
        </Button>
      )
      try {
        const r = await workflowsApi.run(workflow.id, recordIds)
        app.notification.success({
          key,
          title:
            r.runIds.length === 1
              ? t('automation.run.startedOne', { name: workflow.name })
              : t('automation.run.startedMany', { count: r.runIds.length, name: workflow.name }),
          description: open,
        })
        opts.onStarted?.(r.runIds)
      } catch (e) {
        app.notification.error({
          key,
          title: t('automation.run.failed', { name: workflow.name }),
          description: refusalText(e, t),
        })
      }
    },
  })
}
