import type { MeResponse } from '@kemai/shared/api/access.api'
import type { ObjectMeta, RecordDto } from '../platform/endpoints.ts'

/**
 * Metadata and records in the shapes the API returns (the demo workspace's company and person,
 * modules/contacts/objects.ts), for component tests.
 */
const label = (zh: string, en: string) => ({ 'zh-CN': zh, en })
const field = (
  name: string,
  type: ObjectMeta['fields'][number]['type'],
  zh: string,
  en: string,
  options = {},
) => ({
  name,
  type,
  label: label(zh, en),
  options,
  isSystem: true,
  isActive: true,
})

/** Object members the API added after these fixtures were written, at their empty values. */
const OBJECT_DEFAULTS = { layout: null }

export const companyMeta: ObjectMeta = {
  ...OBJECT_DEFAULTS,
  name: 'company',
  label: label('公司', 'Company'),
  pluralLabel: label('公司', 'Companies'),
  titleField: 'name',
  module: 'contacts',
  isSystem: true,
  isActive: true,
  fields: [
    field('name', 'text', '公司名称', 'Name', { required: true, maxLength: 200 }),
    field('industry', 'select', '行业', 'Industry', {
      choices: [
        { value: 'software', label: label('软件与信息服务', 'Software & IT'), color: 'blue' },
        { value: 'finance', label: label('金融', 'Finance'), color: 'gold' },
      ],
    }),
    field('website', 'url', '网站', 'Website'),
    field('phone', 'phone', '电话', 'Phone'),
    field('address', 'address', '地址', 'Address'),
    field('employees', 'number', '员工人数', 'Employees', { min: 0, precision: 0 }),
    field('annual_revenue', 'currency', '年营业额', 'Annual revenue', { min: 0 }),
    field('tags', 'tags', '标签', 'Tags'),
  ],
  inverses: [{ name: 'people', label: label('联系人', 'People'), fromObject: 'person', field: 'company' }],
}

export const personMeta: ObjectMeta = {
  ...OBJECT_DEFAULTS,
  name: 'person',
  label: label('联系人', 'Person'),
  pluralLabel: label('联系人', 'People'),
  titleField: 'name',
  module: 'contacts',
  isSystem: true,
  isActive: true,
  fields: [
    field('name', 'text', '姓名', 'Name', { required: true, maxLength: 200, personName: true }),
    field('family_name', 'text', '姓', 'Family name', { maxLength: 100 }),
    field('given_name', 'text', '名', 'Given name', { maxLength: 100 }),
    field('company', 'relation', '公司', 'Company', { target: 'company', inverseName: 'people' }),
    field('title', 'text', '职位', 'Title', { maxLength: 200 }),
    field('email', 'email', '邮箱', 'Email'),
    field('mobile', 'phone', '手机', 'Mobile'),
    field('address', 'address', '地址', 'Address'),
    field('tags', 'tags', '标签', 'Tags'),
  ],
  inverses: [],
}

/** A made-up object with one field of every type the form renders. */
export const everyTypeMeta: ObjectMeta = {
  ...OBJECT_DEFAULTS,
  name: 'deal',
  label: label('交易', 'Deal'),
  pluralLabel: label('交易', 'Deals'),
  titleField: 'title',
  module: null,
  isSystem: false,
  isActive: true,
  fields: [
    field('title', 'text', '标题', 'Title', { required: true }),
    field('notes', 'long_text', '说明', 'Notes'),
    field('quantity', 'number', '数量', 'Quantity'),
    field('amount', 'currency', '金额', 'Amount', { currency: 'CNY' }),
    field('close_date', 'date', '预计成交日', 'Close date'),
    field('next_call', 'datetime', '下次通话', 'Next call'),
    field('won', 'boolean', '赢单', 'Won'),
    field('stage', 'select', '阶段', 'Stage', {
      choices: [
        { value: 'new', label: label('新建', 'New'), color: 'blue' },
        { value: 'won', label: label('赢单', 'Won'), color: 'green' },
      ],
    }),
    field('email', 'email', '邮箱', 'Email'),
    field('phone', 'phone', '电话', 'Phone'),
    field('site', 'url', '网址', 'Website'),
    field('company', 'relation', '公司', 'Company', { target: 'company' }),
    field('blob', 'json', '原始数据', 'Raw data'),
  ],
  inverses: [],
}

export const me: MeResponse = {
  user: {
    id: '01a243f1-51d0-71a2-9a0b-4f0a151b19da',
    email: 'demo@kemai.local',
    name: '林晓',
    locale: 'zh-CN',
    roleId: null,
    isActive: true,
    isOwner: true,
    createdAt: '2026-12-05T02:03:38.294Z',
  },
  workspace: {
    id: '01a243f1-51bc-75fc-883f-d3292b843264',
    name: '客脉演示公司 (Kemai Demo)',
    slug: 'demo',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    locale: 'zh-CN',
  },
  isAdmin: true,
  apiKeyId: null,
  keyScopes: null,
  grants: [],
}

let seq = 0
export function personRecord(name: string, extra: Partial<RecordDto> = {}): RecordDto {
  seq++
  return {
    id: `01a243f1-5c8b-7702-b7c0-${String(seq).padStart(12, '0')}`,
    version: 1,
    owner_id: me.user.id,
    created_at: '2026-12-05T02:03:41.055Z',
    created_by: me.user.id,
    updated_at: '2026-12-05T02:03:41.055Z',
    updated_by: me.user.id,
    name,
    family_name: name.slice(0, 1),
    given_name: name.slice(1),
    company: null,
    title: '项目经理',
    email: null,
    mobile: '+8613312168390',
    address: null,
    tags: ['关键联系人'],
    ...extra,
  }
}

/**
 * A signed-in user whose role reads every person but may not create, change or delete one, with the
 * mobile hidden and the email read-only, and no grant on companies (no `*` default either): the role of
 * e2e/permissions.spec.ts.
 */
export const readerMe: MeResponse = {
  ...me,
  user: { ...me.user, id: '01a243f1-51d0-71a2-9a0b-0000000000ad', name: '只读', isOwner: false },
  isAdmin: false,
  grants: [
    {
      object: 'person',
      create: false,
      read: true,
      update: false,
      delete: false,
      readScope: 'all',
      writeScope: 'none',
      fields: { mobile: 'hidden', email: 'read' },
    },
  ],
}

/** The person's metadata as the server sends it to `readerMe`: the hidden mobile left out. */
export const readerPersonMeta: ObjectMeta = {
  ...personMeta,
  fields: personMeta.fields.filter((f) => f.name !== 'mobile'),
}
