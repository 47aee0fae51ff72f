import { Modal, Typography } from 'antd'
import {
  createContext,
  Fragment,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { useTranslation } from 'react-i18next'
import {
  type Chord,
  chordOf,
  completes,
  displayChords,
  ignoredTarget,
  isPrefix,
  parseSequence,
  SEQUENCE_TIMEOUT_MS,
} from './shortcut-keys.ts'

export type ShortcutGroup = 'global' | 'page'

interface Registered {
  id: number
  keys: string
  seq: Chord[]
  /** i18n key of what it does (shown in the help overlay) */
  labelKey: string
  group: ShortcutGroup
  run: () => void
}

interface Registry {
  register(s: Omit<Registered, 'id' | 'seq'>): () => void
  list: Registered[]
  openHelp(): void
}

const ShortcutsContext = createContext<Registry | null>(null)

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/**
 * One window key listener for the signed-in app. Shortcuts are registered by the components that own
 * the action (`useShortcut`), so the help overlay (`?`) lists exactly what works on the current page;
 * a page's shortcut wins over a global one with the same keys.
 */
export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const [list, setList] = useState<Registered[]>([])
  const listRef = useRef<Registered[]>([])
  const nextId = useRef(1)
  const pressed = useRef<{ chords: Chord[]; at: number }>({ chords: [], at: 0 })
  const [helpOpen, setHelpOpen] = useState(false)

  const register = useCallback((s: Omit<Registered, 'id' | 'seq'>) => {
    const entry: Registered = { ...s, id: nextId.current++, seq: parseSequence(s.keys) }
    listRef.current = [...listRef.current, entry]
    setList(listRef.current)
    return () => {
      listRef.current = listRef.current.filter((e) => e.id !== entry.id)
      setList(listRef.current)
    }
  }, [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return
      const chord = chordOf(e)
      if (!chord || ignoredTarget(e.target, chord)) return
      const now = Date.now()
      const chords =
        now - pressed.current.at > SEQUENCE_TIMEOUT_MS
          ? [chord]
          : [...pressed.current.chords, chord].slice(-4)
      pressed.current = { chords, at: now }
      // the newest registration wins: pages register after the shell
      const all = listRef.current
      for (let i = all.length - 1; i >= 0; i--) {
        const s = all[i]!
        if (completes(chords, s.seq)) {
          e.preventDefault()
          pressed.current = { chords: [], at: 0 }
          s.run()
          return
        }
      }
      if (!all.some((s) => isPrefix(chords, s.seq))) pressed.current = { chords: [], at: 0 }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const openHelp = useCallback(() => setHelpOpen(true), [])
  const value = useMemo(() => ({ register, list, openHelp }), [register, list, openHelp])
  return (
    <ShortcutsContext.Provider value={value}>
      {children}
      <HelpShortcut />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} list={list} />
    </ShortcutsContext.Provider>
  )
}

function HelpShortcut() {
  const registry = useContext(ShortcutsContext)
  useShortcut('?', 'shortcuts.help', () => registry?.openHelp(), 'global')
  return null
}

/**
 * Registers a shortcut while the calling component is mounted. `run` may change on every render;
 * the latest one is called.
 */
export function useShortcut(
  keys: string,
  labelKey: string,
  run: () => void,
  group: ShortcutGroup = 'page',
  enabled = true,
): void {
  const registry = useContext(ShortcutsContext)
  const runRef = useRef(run)
  runRef.current = run
  const register = registry?.register
  useEffect(() => {
    if (!register || !enabled) return
    return register({ keys, labelKey, group, run: () => runRef.current() })
  }, [register, keys, labelKey, group, enabled])
}

/** Opens the shortcut overlay (for a menu entry or a button). */
export function useOpenShortcutHelp(): () => void {
  const registry = useContext(ShortcutsContext)
  return registry?.openHelp ?? (() => {})
}

function ShortcutHelp({ open, onClose, list }: { open: boolean; onClose(): void; list: Registered[] }) {
  const { t } = useTranslation()
  const mac = isMac()
  const groups: ShortcutGroup[] = ['page', 'global']
  // one row per key sequence: the page's own entry hides the shell's
  const shown = new Map<string, Registered>()
  for (const s of list) shown.set(s.keys, s)
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('shortcuts.title')} width={520}>
      <div data-testid="shortcut-help">
        {groups.map((g) => {
          const rows = [...shown.values()].filter((s) => s.group === g)
          if (!rows.length) return null
          return (
            <section key={g} className="km-shortcut-group">
              <Typography.Text type="secondary" strong>
                {t(`shortcuts.group.${g}`)}
              </Typography.Text>
              <dl className="km-shortcut-list">
                {rows.map((s) => (
                  <Fragment key={s.keys}>
                    <dt>{t(s.labelKey)}</dt>
                    <dd>
                      {displayChords(s.keys, mac).map((chord, i) => (
                        <Fragment key={chord.join('+')}>
                          {i > 0 && <span className="km-muted"> {t('shortcuts.then')} </span>}
                          {chord.map((k) => (
                            <kbd key={k} className="km-kbd">
                              {k}
                            </kbd>
                          ))}
                        </Fragment>
                      ))}
                    </dd>
                  </Fragment>
                ))}
              </dl>
            </section>
          )
        })}
      </div>
    </Modal>
  )
}
