import {
  BgColorsOutlined,
  ClockCircleOutlined,
  GlobalOutlined,
  PlusOutlined,
  SearchOutlined,
} from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Input, Modal, Spin, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { searchApi } from '../platform/endpoints.ts'
import { labelOf } from '../platform/label.ts'
import { problemText } from '../platform/ProblemAlert.tsx'
import { canObject } from '../platform/permissions.ts'
import { rememberTitle } from '../platform/record-titles.ts'
import { useMetadata } from './metadata.tsx'
import { usePreferences } from './preferences.tsx'
import { useMe } from './session.tsx'

const PAUSE_MS = 200
const RECENT_KEY = 'kemai.recent'
const RECENT_MAX = 8

export interface RecentItem {
  objectName: string
  recordId: string
  title: string
}

export function readRecent(): RecentItem[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown
    return Array.isArray(v) ? (v as RecentItem[]).slice(0, RECENT_MAX) : []
  } catch {
    return []
  }
}

/** Remembers an opened record at the top of the recent list (this device). */
export function pushRecent(item: RecentItem): void {
  const list = [item, ...readRecent().filter((r) => r.recordId !== item.recordId)].slice(0, RECENT_MAX)
  localStorage.setItem(RECENT_KEY, JSON.stringify(list))
}

interface Item {
  key: string
  group: string
  icon: React.ReactNode
  title: string
  hint?: string
  run(): void
}

/** Ctrl/Cmd+K: search records as you type, recent records, and commands. */
export function CommandPalette({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const navigate = useNavigate()
  const { objects, byName } = useMetadata()
  const me = useMe()
  const prefs = usePreferences()
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<
    {
      objectName: string
      hits: { recordId: string; title: string; subtitle: string | null; matchedBy: string }[]
    }[]
  >([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [active, setActive] = useState(0)
  const listRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (open) {
      setQ('')
      setHits([])
      setActive(0)
      setError(null)
    }
  }, [open])

  useEffect(() => {
    const text = q.trim()
    if (!text) {
      setHits([])
      setLoading(false)
      return
    }
    const ac = new AbortController()
    setLoading(true)
    const timer = setTimeout(() => {
      searchApi
        .search(
          text,
          objects.map((o) => o.name),
          5,
          ac.signal,
        )
        .then((r) => {
          setHits(r.groups.filter((g) => g.hits.length > 0))
          setError(null)
          setActive(0)
        })
        .catch((e) => {
          if (!(e instanceof DOMException && e.name === 'AbortError')) setError(problemText(e, t).title)
        })
        .finally(() => !ac.signal.aborted && setLoading(false))
    }, PAUSE_MS)
    return () => {
      clearTimeout(timer)
      ac.abort()
    }
  }, [q, objects, t])

  const openRecord = (objectName: string, recordId: string, title: string) => {
    const o = byName.get(objectName)
    if (o) rememberTitle(objectName, recordId, title)
    pushRecent({ objectName, recordId, title })
    onClose()
    navigate(`/o/${objectName}/${recordId}`)
  }

  const items: Item[] = (() => {
    const text = q.trim().toLocaleLowerCase()
    const out: Item[] = []
    for (const g of hits) {
      const o = byName.get(g.objectName)
      for (const h of g.hits)
        out.push({
          key: `${g.objectName}:${h.recordId}`,
          group: o ? labelOf(o.pluralLabel, locale) : g.objectName,
          icon: <SearchOutlined />,
          title: h.title,
          hint: [h.subtitle, t(`search.matched.${h.matchedBy}`, { defaultValue: h.matchedBy })]
            .filter(Boolean)
            .join(' · '),
          run: () => openRecord(g.objectName, h.recordId, h.title),
        })
    }
    if (!text)
      for (const r of readRecent()) {
        const o = byName.get(r.objectName)
        if (!o) continue
        out.push({
          key: `recent:${r.recordId}`,
          group: t('search.recent'),
          icon: <ClockCircleOutlined />,
          title: r.title,
          hint: labelOf(o.label, locale),
          run: () => openRecord(r.objectName, r.recordId, r.title),
        })
      }
    const commands: Item[] = [
      // "New …" only where the role may create
      ...objects
        .filter((o) => canObject(me, o.name, 'create'))
        .map((o) => ({
          key: `new:${o.name}`,
          group: t('search.commands'),
          icon: <PlusOutlined />,
          title: t('list.newObject', { object: labelOf(o.label, locale) }),
          run: () => {
            onClose()
            navigate(`/o/${o.name}?new=1`)
          },
        })),
      {
        key: 'lang',
        group: t('search.commands'),
        icon: <GlobalOutlined />,
        title: t('search.switchLanguage'),
        hint: locale === 'en' ? '简体中文' : 'English',
        run: () => {
          prefs.setLocale(locale === 'en' ? 'zh-CN' : 'en', { chosen: true })
          onClose()
        },
      },
      {
        key: 'theme',
        group: t('search.commands'),
        icon: <BgColorsOutlined />,
        title: t('search.toggleTheme'),
        run: () => {
          prefs.setTheme(prefs.theme === 'dark' ? 'light' : 'dark')
          onClose()
        },
      },
    ]
    out.push(
      ...commands.filter((c) => !text || `${c.title} ${c.hint ?? ''}`.toLocaleLowerCase().includes(text)),
    )
    return out
  })()

  useEffect(() => {
    listRef.current?.querySelector(`#km-pi-${active}`)?.scrollIntoView?.({ block: 'nearest' })
  }, [active])

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setActive((a) => Math.min(items.length - 1, a + 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => Math.max(0, a - 1))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      items[active]?.run()
    }
  }

  let lastGroup = ''
  return (
    <Modal
      open={open}
      onCancel={onClose}
      footer={null}
      closable={false}
      width={600}
      className="km-palette"
      destroyOnHidden
      title={null}
    >
      <Input
        autoFocus
        size="large"
        prefix={<SearchOutlined aria-hidden />}
        suffix={loading ? <Spin size="small" /> : <kbd className="km-kbd">Esc</kbd>}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded
        aria-controls="km-palette-list"
        aria-activedescendant={items[active] ? `km-pi-${active}` : undefined}
        data-testid="palette-input"
      />
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
      <div
        className="km-palette-list"
        id="km-palette-list"
        role="listbox"
        ref={listRef}
        data-testid="palette-list"
      >
        {q.trim() && !loading && hits.length === 0 && !error && (
          <div className="km-palette-empty">{t('search.noResults', { q: q.trim() })}</div>
        )}
        {items.map((it, i) => {
          const head = it.group !== lastGroup ? it.group : null
          lastGroup = it.group
          return (
            <div key={it.key}>
              {head && <div className="km-palette-group">{head}</div>}
              <div
                id={`km-pi-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className={`km-palette-item${i === active ? ' km-palette-active' : ''}`}
                onMouseEnter={() => setActive(i)}
                onClick={() => it.run()}
                onKeyDown={() => undefined}
                data-testid="palette-item"
              >
                <span className="km-palette-icon">{it.icon}</span>
                <span className="km-palette-title">{it.title}</span>
                {it.hint && <span className="km-palette-hint">{it.hint}</span>}
              </div>
            </div>
          )
        })}
      </div>
    </Modal>
  )
}
