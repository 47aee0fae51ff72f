import type { SelectOption } from '@kemai/shared/fields'

/** Select choices the contact objects share (where a contact came from, how far along it is). */

export const SOURCE_CHOICES: SelectOption[] = [
  { value: 'website', label: { 'zh-CN': '官网', en: 'Website' }, color: 'blue' },
  { value: 'referral', label: { 'zh-CN': '客户推荐', en: 'Referral' }, color: 'green' },
  { value: 'trade_show', label: { 'zh-CN': '展会', en: 'Trade show' }, color: 'purple' },
  { value: 'cold_call', label: { 'zh-CN': '电话拓展', en: 'Cold call' }, color: 'orange' },
  { value: 'advertising', label: { 'zh-CN': '广告投放', en: 'Advertising' }, color: 'magenta' },
  { value: 'social', label: { 'zh-CN': '社交媒体', en: 'Social media' }, color: 'cyan' },
  { value: 'partner', label: { 'zh-CN': '合作伙伴', en: 'Partner' }, color: 'gold' },
  { value: 'other', label: { 'zh-CN': '其他', en: 'Other' }, color: 'default' },
]

export const LIFECYCLE_CHOICES: SelectOption[] = [
  { value: 'subscriber', label: { 'zh-CN': '订阅者', en: 'Subscriber' }, color: 'default' },
  { value: 'lead', label: { 'zh-CN': '线索', en: 'Lead' }, color: 'blue' },
  { value: 'qualified', label: { 'zh-CN': '合格线索', en: 'Qualified lead' }, color: 'cyan' },
  { value: 'opportunity', label: { 'zh-CN': '商机', en: 'Opportunity' }, color: 'purple' },
  { value: 'customer', label: { 'zh-CN': '客户', en: 'Customer' }, color: 'green' },
  { value: 'evangelist', label: { 'zh-CN': '推荐者', en: 'Evangelist' }, color: 'gold' },
  { value: 'churned', label: { 'zh-CN': '已流失', en: 'Churned' }, color: 'red' },
]

export const GENDER_CHOICES: SelectOption[] = [
  { value: 'male', label: { 'zh-CN': '男', en: 'Male' } },
  { value: 'female', label: { 'zh-CN': '女', en: 'Female' } },
  { value: 'other', label: { 'zh-CN': '其他', en: 'Other' } },
]

/** Company size by headcount bands, as Chinese registries and LinkedIn both use them. */
export const SIZE_CHOICES: SelectOption[] = [
  { value: '1_9', label: { 'zh-CN': '1–9 人', en: '1–9' } },
  { value: '10_49', label: { 'zh-CN': '10–49 人', en: '10–49' } },
  { value: '50_199', label: { 'zh-CN': '50–199 人', en: '50–199' } },
  { value: '200_499', label: { 'zh-CN': '200–499 人', en: '200–499' } },
  { value: '500_999', label: { 'zh-CN': '500–999 人', en: '500–999' } },
  { value: '1000_4999', label: { 'zh-CN': '1000–4999 人', en: '1,000–4,999' } },
  { value: '5000_plus', label: { 'zh-CN': '5000 人以上', en: '5,000+' } },
]

/** What a person ↔ person link says (`person_relation.kind`). */
export const PERSON_RELATION_KINDS: SelectOption[] = [
  { value: 'reports_to', label: { 'zh-CN': '汇报给', en: 'Reports to' }, color: 'blue' },
  { value: 'colleague', label: { 'zh-CN': '同事', en: 'Colleague' }, color: 'default' },
  { value: 'influences', label: { 'zh-CN': '影响', en: 'Influences' }, color: 'purple' },
  { value: 'assistant_of', label: { 'zh-CN': '助理', en: 'Assistant of' }, color: 'cyan' },
  { value: 'friend', label: { 'zh-CN': '私交', en: 'Personal tie' }, color: 'green' },
  { value: 'former_colleague', label: { 'zh-CN': '前同事', en: 'Former colleague' }, color: 'gold' },
  { value: 'other', label: { 'zh-CN': '其他', en: 'Other' }, color: 'default' },
]

/** What a company ↔ company link says (`company_relation.kind`). */
export const COMPANY_RELATION_KINDS: SelectOption[] = [
  { value: 'partner', label: { 'zh-CN': '合作伙伴', en: 'Partner' }, color: 'green' },
  { value: 'competitor', label: { 'zh-CN': '竞争对手', en: 'Competitor' }, color: 'red' },
  { value: 'supplier', label: { 'zh-CN': '供应商', en: 'Supplier' }, color: 'blue' },
  { value: 'customer', label: { 'zh-CN': '客户', en: 'Customer' }, color: 'gold' },
  { value: 'investor', label: { 'zh-CN': '投资方', en: 'Investor' }, color: 'purple' },
  { value: 'other', label: { 'zh-CN': '其他', en: 'Other' }, color: 'default' },
]
