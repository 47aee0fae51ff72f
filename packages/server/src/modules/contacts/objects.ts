import { defineObject } from '../../platform/metadata/define.ts'
import { GENDER_CHOICES, LIFECYCLE_CHOICES, SIZE_CHOICES, SOURCE_CHOICES } from './choices.ts'

/**
 * The contact objects with their standard fields (docs/contacts.md). Fields are only ever appended:
 * existing workspaces get the new ones at start (metadata syncDeclared), in this order. The owner is the
 * record's system column `owner_id`. Several phones and e-mails are a primary field plus an additional
 * one of the same type, so each is validated, normalised, searched and matched like the primary.
 */
export const company = defineObject({
  name: 'company',
  module: 'contacts',
  label: { 'zh-CN': '公司', en: 'Company' },
  pluralLabel: { 'zh-CN': '公司', en: 'Companies' },
  titleField: 'name',
  icon: 'building',
  dedup: true,
  fields: [
    {
      name: 'name',
      type: 'text',
      label: { 'zh-CN': '公司名称', en: 'Name' },
      options: { required: true, maxLength: 200 },
    },
    {
      name: 'industry',
      type: 'select',
      label: { 'zh-CN': '行业', en: 'Industry' },
      options: {
        choices: [
          { value: 'software', label: { 'zh-CN': '软件与信息服务', en: 'Software & IT' }, color: 'blue' },
          { value: 'manufacturing', label: { 'zh-CN': '制造业', en: 'Manufacturing' }, color: 'orange' },
          { value: 'finance', label: { 'zh-CN': '金融', en: 'Finance' }, color: 'gold' },
          { value: 'retail', label: { 'zh-CN': '零售', en: 'Retail' }, color: 'green' },
          { value: 'education', label: { 'zh-CN': '教育', en: 'Education' }, color: 'cyan' },
          { value: 'healthcare', label: { 'zh-CN': '医疗健康', en: 'Healthcare' }, color: 'red' },
          { value: 'logistics', label: { 'zh-CN': '物流', en: 'Logistics' }, color: 'purple' },
          { value: 'other', label: { 'zh-CN': '其他', en: 'Other' }, color: 'default' },
        ],
      },
    },
    { name: 'website', type: 'url', label: { 'zh-CN': '网站', en: 'Website' } },
    { name: 'phone', type: 'phone', label: { 'zh-CN': '电话', en: 'Phone' } },
    { name: 'address', type: 'address', label: { 'zh-CN': '地址', en: 'Address' } },
    {
      name: 'employees',
      type: 'number',
      label: { 'zh-CN': '员工人数', en: 'Employees' },
      options: { min: 0, precision: 0 },
    },
    {
      name: 'annual_revenue',
      type: 'currency',
      label: { 'zh-CN': '年营业额', en: 'Annual revenue' },
      options: { min: 0 },
    },
    { name: 'tags', type: 'tags', label: { 'zh-CN': '标签', en: 'Tags' } },
    {
      name: 'credit_code',
      type: 'text',
      label: { 'zh-CN': '统一社会信用代码', en: 'Unified social credit code' },
      options: {
        format: 'credit_code',
        searchable: true,
        help: {
          'zh-CN': '18 位，营业执照上的代码；保存时校验最后一位校验码',
          en: '18 characters from the business licence; the check character is verified',
        },
      },
    },
    {
      name: 'domain',
      type: 'text',
      label: { 'zh-CN': '域名', en: 'Domain' },
      options: {
        maxLength: 253,
        help: { 'zh-CN': '留空时从网站自动填写', en: 'Filled from the website when left empty' },
      },
    },
    {
      name: 'size',
      type: 'select',
      label: { 'zh-CN': '规模', en: 'Size' },
      options: { choices: SIZE_CHOICES },
    },
    {
      name: 'source',
      type: 'select',
      label: { 'zh-CN': '来源', en: 'Source' },
      options: { choices: SOURCE_CHOICES },
    },
    {
      name: 'parent',
      type: 'relation',
      label: { 'zh-CN': '上级公司', en: 'Parent company' },
      options: {
        target: 'company',
        inverseName: 'subsidiaries',
        inverseLabel: { 'zh-CN': '下属公司', en: 'Subsidiaries' },
      },
    },
    {
      name: 'lifecycle_stage',
      type: 'select',
      label: { 'zh-CN': '生命周期阶段', en: 'Lifecycle stage' },
      options: { choices: LIFECYCLE_CHOICES },
    },
    {
      name: 'name_pinyin',
      type: 'text',
      label: { 'zh-CN': '名称拼音', en: 'Name (pinyin)' },
      options: {
        maxLength: 1000,
        hideInList: true,
        help: { 'zh-CN': '排序用，保存时由名称生成', en: 'Sort key, made from the name on save' },
      },
    },
  ],
})

export const person = defineObject({
  name: 'person',
  module: 'contacts',
  label: { 'zh-CN': '联系人', en: 'Person' },
  pluralLabel: { 'zh-CN': '联系人', en: 'People' },
  titleField: 'name',
  icon: 'user',
  dedup: true,
  fields: [
    // the full name as written: 张伟, or "Zhang Wei", or "Anna Müller"
    {
      name: 'name',
      type: 'text',
      label: { 'zh-CN': '姓名', en: 'Name' },
      options: { required: true, maxLength: 200, personName: true },
    },
    {
      name: 'family_name',
      type: 'text',
      label: { 'zh-CN': '姓', en: 'Family name' },
      options: { maxLength: 100 },
    },
    {
      name: 'given_name',
      type: 'text',
      label: { 'zh-CN': '名', en: 'Given name' },
      options: { maxLength: 100 },
    },
    {
      name: 'company',
      type: 'relation',
      label: { 'zh-CN': '公司', en: 'Company' },
      options: {
        target: 'company',
        inverseName: 'people',
        inverseLabel: { 'zh-CN': '联系人', en: 'People' },
      },
    },
    { name: 'title', type: 'text', label: { 'zh-CN': '职位', en: 'Title' }, options: { maxLength: 200 } },
    { name: 'email', type: 'email', label: { 'zh-CN': '邮箱', en: 'Email' } },
    { name: 'mobile', type: 'phone', label: { 'zh-CN': '手机', en: 'Mobile' } },
    { name: 'address', type: 'address', label: { 'zh-CN': '地址', en: 'Address' } },
    { name: 'tags', type: 'tags', label: { 'zh-CN': '标签', en: 'Tags' } },
    {
      name: 'gender',
      type: 'select',
      label: { 'zh-CN': '性别', en: 'Gender' },
      options: { choices: GENDER_CHOICES },
    },
    { name: 'birthday', type: 'date', label: { 'zh-CN': '生日', en: 'Birthday' } },
    {
      name: 'department',
      type: 'text',
      label: { 'zh-CN': '部门', en: 'Department' },
      options: { maxLength: 200 },
    },
    { name: 'phone', type: 'phone', label: { 'zh-CN': '办公电话', en: 'Work phone' } },
    { name: 'other_phone', type: 'phone', label: { 'zh-CN': '其他电话', en: 'Other phone' } },
    { name: 'other_email', type: 'email', label: { 'zh-CN': '其他邮箱', en: 'Other email' } },
    {
      name: 'wechat',
      type: 'text',
      label: { 'zh-CN': '微信号', en: 'WeChat ID' },
      // WeChat IDs: 6–20 letters, digits, _ and -, starting with a letter (a phone number also works)
      options: { maxLength: 64, searchable: true },
    },
    {
      name: 'source',
      type: 'select',
      label: { 'zh-CN': '来源', en: 'Source' },
      options: { choices: SOURCE_CHOICES },
    },
    {
      name: 'lifecycle_stage',
      type: 'select',
      label: { 'zh-CN': '生命周期阶段', en: 'Lifecycle stage' },
      options: { choices: LIFECYCLE_CHOICES },
    },
    {
      name: 'name_pinyin',
      type: 'text',
      label: { 'zh-CN': '姓名拼音', en: 'Name (pinyin)' },
      options: {
        maxLength: 1000,
        hideInList: true,
        help: { 'zh-CN': '排序用，保存时由姓名生成', en: 'Sort key, made from the name on save' },
      },
    },
  ],
})
