import type { LocalizedText } from '@kemai/shared/api/forms.api'
import { Input } from 'antd'
import { useTranslation } from 'react-i18next'

/** One text in Chinese and English, side by side (stacked on a phone). */
export function BilingualInput({
  value,
  onChange,
  multiline = false,
  maxLength,
  placeholder,
  testId,
}: {
  value: LocalizedText | undefined
  onChange(v: LocalizedText): void
  multiline?: boolean
  maxLength: number
  placeholder?: LocalizedText
  testId?: string
}) {
  const { t } = useTranslation()
  const v = value ?? {}
  return (
    <div className="km-forms-bilingual">
      {(['zh-CN', 'en'] as const).map((l) => {
        const common = {
          value: v[l] ?? '',
          maxLength,
          placeholder: placeholder?.[l],
          'aria-label': `${l === 'zh-CN' ? t('forms.zh') : t('forms.en')}`,
          'data-testid': testId ? `${testId}-${l}` : undefined,
        }
        const set = (text: string) => onChange({ ...v, [l]: text })
        return (
          <div key={l} className="km-forms-lang">
            <span className="km-forms-lang-tag">{l === 'zh-CN' ? '中' : 'EN'}</span>
            {multiline ? (
              <Input.TextArea
                {...common}
                autoSize={{ minRows: 2, maxRows: 6 }}
                onChange={(e) => set(e.target.value)}
              />
            ) : (
              <Input {...common} onChange={(e) => set(e.target.value)} />
            )}
          </div>
        )
      })}
    </div>
  )
}
