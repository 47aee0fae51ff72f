import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** `{{…}}` in a text, as the executor's renderer reads it (docs/automation.md, "Merge fields"). */
const MERGE_FIELD = /\{\{[^{}]*\}\}/g

/** A text split into plain parts and merge fields. */
export function mergeParts(text: string): { text: string; field: boolean }[] {
  const out: { text: string; field: boolean }[] = []
  let at = 0
  for (const m of text.matchAll(MERGE_FIELD)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index), field: false })
    out.push({ text: m[0], field: true })
    at = m.index + m[0].length
  }
  if (at < text.length) out.push({ text: text.slice(at), field: false })
  return out
}

/** A text as it will be sent, its merge fields shown as literal, marked tokens (they are filled at send time). */
export function MergePreview({
  text,
  multiline,
  testId,
}: {
  text: string
  multiline?: boolean
  testId?: string
}) {
  const { t } = useTranslation()
  if (!text.trim())
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {t('automation.emailTemplates.previewEmpty')}
      </Typography.Text>
    )
  return (
    <div
      className={multiline ? 'km-mail-preview-text km-mail-preview-body' : 'km-mail-preview-text'}
      data-testid={testId}
    >
      {mergeParts(text).map((p, i) =>
        p.field ? (
          // parts have no ids; their order is their identity
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <code key={i} className="km-mail-token" data-testid="merge-token">
            {p.text}
          </code>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <span key={i}>{p.text}</span>
        ),
      )}
    </div>
  )
}
