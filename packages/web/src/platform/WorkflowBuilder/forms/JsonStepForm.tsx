import { type Step, stepSchema } from '@kemai/shared/automation/definition'
import { Alert, Button, Input, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * Steps without a form yet (e-mail, which the executor cannot run today) are edited as JSON:
 * their settings without id, type and links, checked by the shared schema before they are taken.
 */
export function JsonStepForm({ step, onChange }: { step: Step; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const { id, type, name, next, approved, rejected, ...settings } = step as Step & Record<string, unknown>
  const links = Object.fromEntries(
    Object.entries({ next, approved, rejected }).filter(([, v]) => v !== undefined),
  )
  const [text, setText] = useState(() => JSON.stringify(settings, null, 2))
  const [error, setError] = useState<string | null>(null)
  const apply = () => {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      setError(t('workflowBuilder.form.jsonInvalid'))
      return
    }
    const r = stepSchema.safeParse({ ...(parsed as object), ...links, id, type, ...(name ? { name } : {}) })
    if (!r.success) {
      setError(
        r.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '—'}: ${i.message}`)
          .join('\n'),
      )
      return
    }
    setError(null)
    onChange(r.data)
  }
  return (
    <>
      <Alert type="info" showIcon title={t('workflowBuilder.form.jsonNotice')} className="km-wf-gap" />
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 8, maxRows: 24 }}
        spellCheck={false}
        className="km-wf-json"
        aria-label={t('workflowBuilder.form.jsonLabel')}
      />
      {error ? (
        <Typography.Paragraph type="danger" className="km-wf-json-error">
          {error}
        </Typography.Paragraph>
      ) : null}
      <Button onClick={apply} className="km-wf-gap-top">
        {t('workflowBuilder.form.jsonApply')}
      </Button>
    </>
  )
}
