import {
  GlobalOutlined,
  LogoutOutlined,
  MoonOutlined,
  QuestionCircleOutlined,
  SunOutlined,
  UserOutlined,
} from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Avatar, Button, Dropdown, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { authApi } from '../platform/endpoints.ts'
import { usePreferences } from './preferences.tsx'
import { useSession } from './session.tsx'
import { useOpenShortcutHelp } from './shortcuts.tsx'

const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' }

/** zh-CN / en. The choice is kept on this device and, when signed in, on the account too. */
export function LanguageSwitch({ block }: { block?: boolean }) {
  const { t } = useTranslation()
  const { locale, setLocale } = usePreferences()
  const { state } = useSession()
  const choose = (next: Locale) => {
    if (next === locale) return
    setLocale(next)
    if (state.status === 'signed-in')
      authApi.setLocale(state.me.user.id, next).catch(() => {
        // the device keeps the choice even if the account could not be updated
      })
  }
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: (Object.keys(LANGUAGE_NAMES) as Locale[]).map((l) => ({ key: l, label: LANGUAGE_NAMES[l] })),
        onClick: ({ key }) => choose(key as Locale),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('shell.language')}
        data-testid="language-switch"
        block={block}
      >
        {LANGUAGE_NAMES[locale]}
      </Button>
    </Dropdown>
  )
}

export function ThemeToggle({ withLabel }: { withLabel?: boolean }) {
  const { t } = useTranslation()
  const { theme, setTheme } = usePreferences()
  const next = theme === 'dark' ? 'light' : 'dark'
  const label = t(next === 'dark' ? 'shell.themeDark' : 'shell.themeLight')
  return (
    <Tooltip title={withLabel ? undefined : label}>
      <Button
        type="text"
        icon={theme === 'dark' ? <SunOutlined /> : <MoonOutlined />}
        aria-label={label}
        data-testid="theme-toggle"
        onClick={() => setTheme(next)}
      >
        {withLabel ? label : null}
      </Button>
    </Tooltip>
  )
}

export function UserMenu() {
  const { t } = useTranslation()
  const { state, logout } = useSession()
  const navigate = useNavigate()
  const openShortcuts = useOpenShortcutHelp()
  if (state.status !== 'signed-in') return null
  const { user } = state.me
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <div className="km-user-card">
                <strong>{user.name}</strong>
                <span className="km-muted">{user.email}</span>
              </div>
            ),
          },
          { type: 'divider' },
          { key: 'profile', icon: <UserOutlined />, label: t('settings.profile.menu') },
          { key: 'shortcuts', icon: <QuestionCircleOutlined />, label: t('shortcuts.title') },
          { key: 'logout', icon: <LogoutOutlined />, label: t('shell.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'profile') navigate('/settings/profile')
          if (key === 'shortcuts') openShortcuts()
          if (key === 'logout') void logout().then(() => navigate('/login'))
        },
      }}
    >
      <Button type="text" className="km-user-button" data-testid="user-menu" aria-label={t('shell.userMenu')}>
        <Avatar size="small" className="km-avatar">
          {user.name.slice(0, 1)}
        </Avatar>
        <span className="km-user-name">{user.name}</span>
      </Button>
    </Dropdown>
  )
}
