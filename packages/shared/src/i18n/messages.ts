import { ACTIVITY_MESSAGES } from '../api/activities.rules.ts'
import { FORM_MESSAGES } from '../api/forms.messages.ts'
import { IMPORT_MESSAGES } from '../api/imports.messages.ts'
import { WORKFLOW_MESSAGES } from '../automation/messages.ts'
import type { ErrorCode, FieldErrorCode } from '../errors.ts'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

type Catalogue = Record<ErrorCode | `field.${FieldErrorCode}` | string, string>

/** Server-side messages. `{{name}}` placeholders are filled from params. */
export const MESSAGES: Record<Locale, Catalogue> = {
  'zh-CN': {
    bad_request: '请求无效',
    validation_failed: '提交的数据有误',
    unauthenticated: '请先登录',
    invalid_credentials: '邮箱或密码错误',
    forbidden: '没有权限执行此操作',
    not_found: '找不到该资源',
    object_not_found: '对象 {{object}} 不存在',
    field_not_found: '字段 {{field}} 不存在',
    record_not_found: '记录不存在或已被删除',
    conflict: '与现有数据冲突',
    version_conflict: '该记录已被他人修改，请刷新后重试',
    duplicate: '存在重复记录',
    duplicate_candidates: '可能与已有记录重复，请确认后再保存',
    confirmation_required: '此操作会删除数据，需要确认',
    payload_too_large: '请求内容过大（上限 {{limit}}）',
    unsupported_media_type: '不支持的内容类型，请使用 application/json',
    invalid_json: 'JSON 格式错误',
    invalid_utf8: '请求内容不是有效的 UTF-8 编码',
    rate_limited: '请求过于频繁，请 {{seconds}} 秒后重试',
    locked: '记录已锁定',
    record_merged: '该记录已合并到另一条记录',
    merge_expired: '合并已超过 {{days}} 天，不能再撤销',
    merge_undone: '这次合并已经撤销过了',
    merge_conflict: '合并之后数据又有改动，无法原样撤销；可以选择只恢复未改动的部分',
    merge_blocked: '保留的记录已被删除或又被合并，请先恢复它或撤销之后的合并',
    invalid_filter: '筛选条件无效',
    internal: '服务器内部错误，请稍后重试',
    'field.required': '必填',
    'field.invalid_type': '类型错误，应为{{expected}}',
    'field.too_long': '长度不能超过 {{max}}',
    'field.too_short': '长度不能少于 {{min}}',
    'field.too_small': '不能小于 {{min}}',
    'field.too_big': '不能大于 {{max}}',
    'field.invalid_format': '格式不正确',
    'field.invalid_email': '邮箱格式不正确',
    'field.invalid_phone': '电话号码无效',
    'field.invalid_url': '网址格式不正确',
    'field.invalid_date': '日期无效',
    'field.invalid_option': '不是可选的值：{{value}}',
    'field.invalid_currency': '金额或币种无效',
    'field.pattern_mismatch': '格式不符合要求',
    'field.unknown_field': '未知字段',
    'field.read_only': '只读字段，不能修改',
    'field.not_unique': '该值已存在，必须唯一',
    'field.in_use': '仍在使用中（{{field}}），请先移除',
    'field.not_found': '关联的记录不存在',
    'field.forbidden_field': '没有权限修改此字段',
    'field.invalid_name': '名称只能包含小写字母、数字和下划线，并以字母开头',
    'field.reserved_name': '该名称为系统保留',
    'field.too_deep': '嵌套层级过深',
    'field.too_large': '内容过多',
    'field.bad_operator': '该字段不支持此运算符',
    'field.invalid_value': '值无效',
    'field.bad_node': '筛选条件结构无效',
    'field.too_many_values': '值的个数过多',
    'field.not_a_relation': '该字段不是关联字段，不能继续取下级字段',
    'field.path_too_deep': '关联层级过深（最多 3 层）',
    'field.unknown_object': '关联的对象不存在',
    'field.not_filterable': '该字段不能用于筛选',
    'field.missing_value': '缺少筛选值',
    'field.bad_value': '筛选值无效',
    'field.bad_time_zone': '时区无效',
    ...IMPORT_MESSAGES['zh-CN'],
    ...WORKFLOW_MESSAGES['zh-CN'],
    ...ACTIVITY_MESSAGES['zh-CN'],
    ...FORM_MESSAGES['zh-CN'],
    'field.invalid_credit_code':
      '统一社会信用代码无效：应为 18 位（数字和除 I、O、S、V、Z 以外的大写字母），且最后一位校验码正确',
    'field.cycle': '不能形成循环：所选上级是本记录自身或它的下级',
    'field.same_record': '关系的两端不能是同一条记录',
    'field.link_exists': '这条关系已经存在',
    'field.export.vcard_unsupported':
      '只有以人名为标题的对象（如联系人）才能导出为 vCard，“{{object}}”不支持',
    'field.export.not_cancellable': '该导出已经结束（已完成、失败或已取消），不能再取消',
  },
  en: {
    bad_request: 'Bad request',
    validation_failed: 'Some fields are not valid',
    unauthenticated: 'Please sign in',
    invalid_credentials: 'Wrong email or password',
    forbidden: 'You do not have permission to do this',
    not_found: 'Not found',
    object_not_found: 'Object {{object}} does not exist',
    field_not_found: 'Field {{field}} does not exist',
    record_not_found: 'The record does not exist or was deleted',
    conflict: 'Conflicts with existing data',
    version_conflict: 'Someone else changed this record; reload and try again',
    duplicate: 'A duplicate record exists',
    duplicate_candidates: 'This may duplicate existing records; check them before saving',
    confirmation_required: 'This deletes data and needs confirmation',
    payload_too_large: 'Request body too large (limit {{limit}})',
    unsupported_media_type: 'Unsupported content type; send application/json',
    invalid_json: 'Malformed JSON',
    invalid_utf8: 'The request body is not valid UTF-8',
    rate_limited: 'Too many requests; retry in {{seconds}} s',
    locked: 'The record is locked',
    record_merged: 'This record was merged into another record',
    merge_expired: 'The merge is more than {{days}} days old and can no longer be undone',
    merge_undone: 'This merge has already been undone',
    merge_conflict:
      'Data changed after the merge, so it cannot be undone exactly; you can restore only what did not change',
    merge_blocked:
      'The surviving record was deleted or merged again; restore it or undo the later merge first',
    invalid_filter: 'Invalid filter',
    internal: 'Internal server error; please try again later',
    'field.required': 'Required',
    'field.invalid_type': 'Wrong type, expected {{expected}}',
    'field.too_long': 'At most {{max}} characters',
    'field.too_short': 'At least {{min}} characters',
    'field.too_small': 'Must be at least {{min}}',
    'field.too_big': 'Must be at most {{max}}',
    'field.invalid_format': 'Invalid format',
    'field.invalid_email': 'Invalid email address',
    'field.invalid_phone': 'Invalid phone number',
    'field.invalid_url': 'Invalid URL',
    'field.invalid_date': 'Invalid date',
    'field.invalid_option': 'Not an allowed value: {{value}}',
    'field.invalid_currency': 'Invalid amount or currency',
    'field.pattern_mismatch': 'Does not match the required pattern',
    'field.unknown_field': 'Unknown field',
    'field.read_only': 'Read-only field',
    'field.not_unique': 'This value already exists and must be unique',
    'field.in_use': 'Still in use ({{field}}); remove it there first',
    'field.not_found': 'The linked record does not exist',
    'field.forbidden_field': 'You may not change this field',
    'field.invalid_name': 'Use lowercase letters, digits and underscores, starting with a letter',
    'field.reserved_name': 'This name is reserved',
    'field.too_deep': 'Nested too deeply',
    'field.too_large': 'Too many items',
    'field.bad_operator': 'This operator does not apply to this field',
    'field.invalid_value': 'Invalid value',
    'field.bad_node': 'Malformed filter node',
    'field.too_many_values': 'Too many values',
    'field.not_a_relation': 'Not a relation field: cannot go further in the path',
    'field.path_too_deep': 'Path goes through too many relations (at most 3)',
    'field.unknown_object': 'The related object does not exist',
    'field.not_filterable': 'This field cannot be filtered on',
    'field.missing_value': 'A value is required',
    'field.bad_value': 'Invalid filter value',
    'field.bad_time_zone': 'Invalid time zone',
    ...IMPORT_MESSAGES.en,
    ...WORKFLOW_MESSAGES.en,
    ...ACTIVITY_MESSAGES.en,
    ...FORM_MESSAGES.en,
    'field.invalid_credit_code':
      'Invalid unified social credit code: 18 characters (digits and capital letters except I, O, S, V, Z) with a correct check character',
    'field.cycle':
      'This would make a loop: the chosen parent is this record itself or one of its descendants',
    'field.same_record': 'Both ends of a relationship cannot be the same record',
    'field.link_exists': 'This relationship already exists',
    'field.export.vcard_unsupported':
      'Only objects of people (titled by a person’s name, such as People) can be exported as vCards; “{{object}}” cannot',
    'field.export.not_cancellable':
      'This export has already ended (done, failed or cancelled) and can no longer be cancelled',
  },
}

export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = MESSAGES[locale][key] ?? MESSAGES.en[key] ?? key
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) =>
    params[k] === undefined ? '' : String(params[k]),
  )
}

/** Picks zh-CN or en from an Accept-Language header; Chinese first. */
export function pickLocale(acceptLanguage: string | null | undefined, fallback: Locale = 'zh-CN'): Locale {
  if (!acceptLanguage) return fallback
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.find((p) => p.trim().startsWith('q='))
      return { tag: tag.toLowerCase(), q: q ? Number.parseFloat(q.trim().slice(2)) || 0 : 1 }
    })
    .sort((a, b) => b.q - a.q)
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN'
    if (tag.startsWith('en')) return 'en'
  }
  return fallback
}
