// Without zod: the web app's message catalogue (i18n/messages.ts) and the record page import this.

/**
 * The activities a person writes on a timeline (the composer's kinds). Only these can be edited or deleted,
 * by their author or an admin; emails and system entries record what happened and stay as they are.
 */
export const EDITABLE_ACTIVITY_TYPES = ['note', 'task', 'call', 'meeting'] as const

/** Server messages of activity edits (spread into the catalogue of i18n/messages.ts). */
export const ACTIVITY_MESSAGES = {
  'zh-CN': {
    activity_not_found: '这条动态不存在或已被删除',
    'field.not_author': '只有作者或管理员可以修改或删除这条动态',
    'field.activity_read_only': '邮件和系统动态不能修改或删除',
    'field.not_a_task': '只有任务可以标记完成',
  },
  en: {
    activity_not_found: 'The activity does not exist or was deleted',
    'field.not_author': 'Only its author or an admin can edit or delete this activity',
    'field.activity_read_only': 'Emails and system entries cannot be edited or deleted',
    'field.not_a_task': 'Only a task can be marked done',
  },
} as const
