import type { MeResponse } from '@kemai/shared/api/access.api'
import { type ComponentType, type LazyExoticComponent, lazy } from 'react'
import { canAutomation } from '../../platform/permissions.ts'

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
  /** shown only to users this says yes to (a right other than admin, e.g. `_automation`) */
  visible?: (me: MeResponse) => boolean
  /** i18n key of the menu group the section is listed under (consecutive sections share it) */
  groupKey?: string
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
    key: 'forms',
    labelKey: 'forms.menu',
    adminOnly: true,
    // one form's editor (`/settings/forms/{id}`, `/settings/forms/new`) belongs to this section too
    component: lazy(() => import('./forms/FormsSettings.tsx').then((m) => ({ default: m.FormsSettings }))),
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
  {
    key: 'workflows',
    labelKey: 'automation.menu.workflows',
    adminOnly: false,
    visible: (me) => canAutomation(me, 'read'),
    groupKey: 'automation.menu.group',
    // the editor of one workflow (`/settings/workflows/{id}`) is a page of its own (app/AppRoutes.tsx)
    component: lazy(() => import('./automation/WorkflowList.tsx').then((m) => ({ default: m.WorkflowList }))),
  },
  {
    key: 'workflow-runs',
    labelKey: 'automation.menu.runs',
    adminOnly: false,
    visible: (me) => canAutomation(me, 'read'),
    groupKey: 'automation.menu.group',
    component: lazy(() =>
      import('./automation/WorkflowRunsSettings.tsx').then((m) => ({ default: m.WorkflowRunsSettings })),
    ),
  },
  {
    key: 'email-templates',
    labelKey: 'automation.menu.emailTemplates',
    adminOnly: false,
    visible: (me) => canAutomation(me, 'read'),
    groupKey: 'automation.menu.group',
    component: lazy(() =>
      import('./automation/EmailTemplatesSettings.tsx').then((m) => ({ default: m.EmailTemplatesSettings })),
    ),
  },
]

export function visibleSections(me: MeResponse): SettingsSection[] {
  return settingsSections.filter((s) => (me.isAdmin || !s.adminOnly) && (s.visible?.(me) ?? true))
}
