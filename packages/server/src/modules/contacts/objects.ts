import { defineObject } from '../../platform/metadata/define.ts'

/**
 * The platform core declares the two contact objects with their first fields; the contacts module
 * issue completes them (gender, birthday, WeChat, addresses, credit code, hierarchy…).
 */
export const company = defineObject({
  name: 'company',
  module: 'contacts',
  label: { 'zh-CN': '公司', en: 'Company' },
  pluralLabel: { 'zh-CN': '公司', en: 'Companies' },
  titleField: 'name',
  icon: 'building',
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
  ],
})

export const person = defineObject({
  name: 'person',
  module: 'contacts',
  label: { 'zh-CN': '联系人', en: 'Person' },
  pluralLabel: { 'zh-CN': '联系人', en: 'People' },
  titleField: 'name',
  icon: 'user',
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
  ],
})
