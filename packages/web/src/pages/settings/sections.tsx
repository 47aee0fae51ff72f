import { type ComponentType, type LazyExoticComponent, lazy } from 'react'

/**
 * The settings sections (`/settings/{key}`), in menu order. Each section is its own lazy chunk and
 * owns everything below its key (`/settings/objects/person` belongs to `objects`). `adminOnly`
 * sections are hidden from, and refused to, users who are not workspace admins (the server refuses
 * their API calls anyway; this keeps the menu honest).
 */
export interface SettingsSection {
  key: string
  /** i18n key of the menu label */
  labelKey: string
  adminOnly: boolean
  component: LazyExoticComponent<ComponentType>
}

export const settingsSections: SettingsSection[] = [
  {
    key: 'profile',
    labelKey: 'settings.profile.menu',
    adminOnly: false,
    component: lazy(() => import('./ProfileSettings.tsx').then((m) => ({ default: m.ProfileSettings }))),
  },
  {
    key: 'objects',
    labelKey: 'settings.objects.menu',
    adminOnly: true,
    component: lazy(() =>
      import('./objects/ObjectsSettings.tsx').then((m) => ({ default: m.ObjectsSettings })),
    ),
  },
  {
    key: 'users',
    labelKey: 'settings.users.menu',
    adminOnly: true,
    component: lazy(() => import('./admin/UsersSettings.tsx').then((m) => ({ default: m.UsersSettings }))),
  },
  {
    key: 'teams',
    labelKey: 'settings.teams.menu',
    adminOnly: true,
    component: lazy(() => import('./admin/TeamsSettings.tsx').then((m) => ({ default: m.TeamsSettings }))),
  },
  {
    key: 'roles',
    labelKey: 'settings.roles.menu',
    adminOnly: true,
    component: lazy(() => import('./admin/RolesSettings.tsx').then((m) => ({ default: m.RolesSettings }))),
  },
  {
    key: 'api-keys',
    labelKey: 'settings.apiKeys.menu',
    adminOnly: true,
    component: lazy(() =>
      import('./admin/ApiKeysSettings.tsx').then((m) => ({ default: m.ApiKeysSettings })),
    ),
  },
  {
    key: 'webhooks',
    labelKey: 'settings.webhooks.menu',
    adminOnly: true,
    component: lazy(() =>
      import('./admin/WebhooksSettings.tsx').then((m) => ({ default: m.WebhooksSettings })),
    ),
  },
  {
    key: 'audit',
    labelKey: 'settings.audit.menu',
    adminOnly: true,
    component: lazy(() => import('./admin/AuditSettings.tsx').then((m) => ({ default: m.AuditSettings }))),
  },
]

export function visibleSections(isAdmin: boolean): SettingsSection[] {
  return settingsSections.filter((s) => isAdmin || !s.adminOnly)
}
