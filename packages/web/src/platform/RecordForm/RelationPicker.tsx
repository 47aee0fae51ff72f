import { Select, Spin } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import { recordsApi, searchApi } from '../endpoints.ts'
import { rememberTitle, useRecordTitle } from '../record-titles.ts'

const SEARCH_PAUSE_MS = 250
const LIMIT = 20

interface Option {
  value: string
  label: string
  subtitle?: string | null
}

interface Props {
  target: string
  value?: string | null
  onChange?: (value: string | null) => void
  id?: string
  placeholder?: string
  status?: 'error' | ''
}

/**
 * Picks a record of `target`. Typing searches with the global search (characters, pinyin, initials:
 * `xc` finds 星辰); with nothing typed it offers the most recently changed records.
 */
export function RelationPicker({ target, value, onChange, id, placeholder, status }: Props) {
  const { t } = useTranslation()
  const { byName } = useMetadata()
  const titleField = byName.get(target)?.titleField ?? 'name'
  const [options, setOptions] = useState<Option[]>([])
  const [loading, setLoading] = useState(false)
  const [query, setQuery] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const selected = useRef<Option | null>(null)

  useEffect(() => {
    const ctl = new AbortController()
    clearTimeout(timer.current)
    setLoading(true)
    timer.current = setTimeout(
      () => {
        const q = query.trim()
        const load: Promise<Option[]> = q
          ? searchApi.search(q, [target], LIMIT, ctl.signal).then((r) =>
              (r.groups.find((g) => g.objectName === target)?.hits ?? []).map((h) => ({
                value: h.recordId,
                label: h.title,
                subtitle: h.subtitle,
              })),
            )
          : recordsApi
              .list(target, { sort: '-updated_at', limit: LIMIT }, ctl.signal)
              .then((r) => r.data.map((rec) => ({ value: rec.id, label: String(rec[titleField] ?? rec.id) })))
        load
          .then((opts) => {
            setOptions(opts)
            setLoading(false)
          })
          .catch(() => {
            if (!ctl.signal.aborted) {
              setOptions([])
              setLoading(false)
            }
          })
      },
      query ? SEARCH_PAUSE_MS : 0,
    )
    return () => {
      ctl.abort()
      clearTimeout(timer.current)
    }
  }, [query, target, titleField])

  // a value set from outside (a prefilled form) is named by its title, not shown as an id
  const valueTitle = useRecordTitle(target, titleField, value ?? '')
  const known =
    selected.current?.value === value
      ? selected.current
      : value && valueTitle
        ? { value, label: valueTitle }
        : null
  const shown = known && !options.some((o) => o.value === value) ? [known, ...options] : options

  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQuery, searchValue: query }}
      allowClear
      status={status}
      placeholder={placeholder ?? t('form.searchRecords')}
      value={value ?? undefined}
      loading={loading}
      notFoundContent={loading ? <Spin size="small" /> : t('form.noMatches')}
      onChange={(v) => {
        const opt = shown.find((o) => o.value === v) ?? null
        selected.current = opt
        if (opt) rememberTitle(target, opt.value, opt.label)
        onChange?.(v ?? null)
        setQuery('')
      }}
      options={shown.map((o) => ({
        value: o.value,
        label: o.label,
        title: o.subtitle ? `${o.label} · ${o.subtitle}` : o.label,
      }))}
      optionRender={(o) => {
        const opt = shown.find((x) => x.value === o.value)
        return (
          <div className="km-option">
            <span className="km-ellipsis">{opt?.label}</span>
            {opt?.subtitle && <span className="km-option-sub km-muted">{opt.subtitle}</span>}
          </div>
        )
      }}
    />
  )
}
