import {
  AppstoreOutlined,
  AuditOutlined,
  MenuOutlined,
  SearchOutlined,
  SettingOutlined,
} from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Badge, Button, Drawer, Layout, Menu, type MenuProps, Result, Skeleton, Typography } from 'antd'
import { lazy, Suspense, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Outlet, useLocation, useNavigate } from 'react-router'
import { useInboxCount } from '../platform/Approvals/useInboxCount.ts'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'
import { Brand } from './Brand.tsx'
import { LanguageSwitch, ThemeToggle, UserMenu } from './HeaderControls.tsx'
import { useMetadata } from './metadata.tsx'
import { NotificationBell } from './NotificationBell.tsx'
import { type NavGroup, navGroups, objectOfPath } from './nav.ts'
import { useMe } from './session.tsx'
import { ShortcutsProvider, useShortcut } from './shortcuts.tsx'
import { useIsMobile } from './useIsMobile.ts'

const BOTTOM_NAV_ITEMS = 4

const CommandPalette = lazy(() => import('./CommandPalette.tsx').then((m) => ({ default: m.CommandPalette })))

/** Ctrl/Cmd+K anywhere (and the header button) opens the command palette, loaded on first use. */
function SearchLauncher({ compact }: { compact: boolean }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [loaded, setLoaded] = useState(false)
  useShortcut(
    'mod+k',
    'shortcuts.search',
    () => {
      setLoaded(true)
      setOpen(true)
    },
    'global',
  )
  return (
    <>
      <Button
        type="text"
        icon={<SearchOutlined />}
        onClick={() => {
          setLoaded(true)
          setOpen(true)
        }}
        aria-label={t('search.label')}
        data-testid="search-button"
      >
        {compact ? null : <kbd className="km-kbd">Ctrl K</kbd>}
      </Button>
      {loaded && (
        <Suspense fallback={null}>
          <CommandPalette open={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  )
}

function useNav(): { groups: NavGroup[]; current: string | null } {
  const { objects } = useMetadata()
  const { i18n } = useTranslation()
  const location = useLocation()
  const groups = useMemo(() => navGroups(objects, i18n.language as Locale), [objects, i18n.language])
  return { groups, current: objectOfPath(location.pathname) }
}

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation()
  const { groups, current } = useNav()
  const location = useLocation()
  const inSettings = location.pathname.startsWith('/settings')
  const inApprovals = location.pathname.startsWith('/approvals')
  const approvalCount = useInboxCount()
  const objectItems: MenuProps['items'] = groups.map((g) => ({
    type: 'group',
    key: `m:${g.module}`,
    label: g.module ? t(`module.${g.module}`, { defaultValue: g.module }) : t('module.custom'),
    children: g.objects.map((o) => ({
      key: o.name,
      label: (
        <Link to={`/o/${o.name}`} onClick={onNavigate}>
          {o.label}
        </Link>
      ),
      icon: <span className="km-nav-mark">{o.label.slice(0, 1)}</span>,
    })),
  }))
  const items: MenuProps['items'] = [
    ...(objectItems ?? []),
    { type: 'divider' },
    {
      key: ':approvals',
      icon: <AuditOutlined />,
      label: (
        <Link to="/approvals" onClick={onNavigate} data-testid="nav-approvals" className="km-nav-approvals">
          {t('approvals.title')}{' '}
          <Badge count={approvalCount} size="small" overflowCount={99} data-testid="nav-approvals-count" />
        </Link>
      ),
    },
    {
      key: ':settings',
      icon: <SettingOutlined />,
      label: (
        <Link to="/settings" onClick={onNavigate} data-testid="nav-settings">
          {t('settings.title')}
        </Link>
      ),
    },
  ]
  return (
    <Menu
      mode="inline"
      className="km-nav"
      selectedKeys={inSettings ? [':settings'] : inApprovals ? [':approvals'] : current ? [current] : []}
      items={items}
      aria-label={t('shell.navigation')}
    />
  )
}

/** The signed-in frame: navigation from metadata, workspace and user in the header, phone layout < 768 px. */
export function AppShell() {
  const { status, error, reload } = useMetadata()
  const isMobile = useIsMobile()
  const content =
    status === 'error' ? (
      <div className="km-pad">
        <ProblemAlert error={error} onRetry={reload} />
      </div>
    ) : status === 'loading' ? (
      <div className="km-pad">
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    ) : (
      <Outlet />
    )
  return (
    <ShortcutsProvider>
      <GoToShortcuts />
      {isMobile ? <MobileShell>{content}</MobileShell> : <DesktopShell>{content}</DesktopShell>}
    </ShortcutsProvider>
  )
}

/** `g` then a letter goes somewhere, as in most web apps with shortcuts. */
function GoToShortcuts() {
  const navigate = useNavigate()
  useShortcut('g h', 'shortcuts.goHome', () => navigate('/'), 'global')
  useShortcut('g s', 'shortcuts.goSettings', () => navigate('/settings'), 'global')
  useShortcut('g p', 'shortcuts.goProfile', () => navigate('/settings/profile'), 'global')
  return null
}

function DesktopShell({ children }: { children: React.ReactNode }) {
  const me = useMe()
  const [collapsed, setCollapsed] = useState(false)
  return (
    <Layout className="km-shell">
      <Layout.Sider
        width={216}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        theme="light"
        className="km-sider"
      >
        <Brand collapsed={collapsed} />
        <NavMenu />
      </Layout.Sider>
      <Layout className="km-main">
        <Layout.Header className="km-header">
          <Typography.Text strong className="km-workspace" data-testid="workspace-name">
            {me.workspace.name}
          </Typography.Text>
          <div className="km-header-actions">
            <SearchLauncher compact={false} />
            <NotificationBell />
            <LanguageSwitch />
            <ThemeToggle />
            <UserMenu />
          </div>
        </Layout.Header>
        <Layout.Content className="km-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  )
}

function MobileShell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation()
  const me = useMe()
  const [open, setOpen] = useState(false)
  const { groups, current } = useNav()
  const all = groups.flatMap((g) => g.objects)
  const shown = all.slice(0, BOTTOM_NAV_ITEMS)
  return (
    <Layout className="km-shell km-shell-mobile">
      <Layout.Header className="km-header km-header-mobile">
        <Button
          type="text"
          icon={<MenuOutlined />}
          aria-label={t('shell.openMenu')}
          onClick={() => setOpen(true)}
        />
        <Typography.Text strong className="km-workspace km-ellipsis" data-testid="workspace-name">
          {me.workspace.name}
        </Typography.Text>
        <SearchLauncher compact />
        <NotificationBell />
        <UserMenu />
      </Layout.Header>
      <Layout.Content className="km-content">{children}</Layout.Content>
      <nav className="km-bottom-nav" aria-label={t('shell.navigation')} data-testid="bottom-nav">
        {shown.map((o) => (
          <Link
            key={o.name}
            to={`/o/${o.name}`}
            className={`km-bottom-item${o.name === current ? ' km-active' : ''}`}
          >
            <span className="km-nav-mark">{o.label.slice(0, 1)}</span>
            <span className="km-bottom-label">{o.label}</span>
          </Link>
        ))}
        <button type="button" className="km-bottom-item" onClick={() => setOpen(true)}>
          <span className="km-nav-mark">
            <AppstoreOutlined />
          </span>
          <span className="km-bottom-label">{t('shell.more')}</span>
        </button>
      </nav>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="left"
        size={280}
        title={<Brand />}
        className="km-nav-drawer"
        footer={
          <div className="km-drawer-footer">
            <LanguageSwitch block />
            <ThemeToggle withLabel />
          </div>
        }
      >
        <NavMenu onNavigate={() => setOpen(false)} />
      </Drawer>
    </Layout>
  )
}

export function FullPageError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation()
  return (
    <Result
      status="warning"
      title={t('error.startTitle')}
      extra={<ProblemAlert error={error} onRetry={onRetry} />}
    />
  )
}
