import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { companyMeta, personMeta } from '../../../test/fixtures.ts'

/** A custom object beside the demo's standard ones, for the settings tests. */
export const projectMeta: ObjectMeta = {
  name: 'project',
  label: { 'zh-CN': '项目', en: 'Project' },
  pluralLabel: { 'zh-CN': '项目', en: 'Projects' },
  icon: 'project',
  titleField: 'name',
  layout: null,
  module: null,
  isSystem: false,
  isActive: true,
  fields: [
    {
      name: 'name',
      type: 'text',
      label: { 'zh-CN': '名称', en: 'Name' },
      options: { required: true },
      isSystem: false,
      isActive: true,
    },
    {
      name: 'budget',
      type: 'currency',
      label: { 'zh-CN': '预算', en: 'Budget' },
      options: {},
      isSystem: false,
      isActive: true,
    },
    {
      name: 'due_on',
      type: 'date',
      label: { 'zh-CN': '截止日期', en: 'Due on' },
      options: {},
      isSystem: false,
      isActive: true,
    },
  ],
  inverses: [],
}

export const settingsObjects = [companyMeta, personMeta, projectMeta]
