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
]

export function visibleSections(isAdmin: boolean): SettingsSection[] {
  return settingsSections.filter((s) => isAdmin || !s.adminOnly)
}
