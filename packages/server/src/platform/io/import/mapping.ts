import type { ColumnMapping } from '@kemai/shared/api/imports.api'
import type { FieldDef, ObjectDef } from '@kemai/shared/fields'

/**
 * Automatic column mapping: a header matches a field by the field's name or either label (strong), by a
 * synonym of the field's name (medium; Chinese and English, e.g. 手机/手机号/Mobile/Cell), or by a weak
 * synonym (a header that usually means this field when no better one claims it: 联系电话 → mobile when
 * the object has no phone field). Each field takes at most one column, the first that matches best.
 */

const SYNONYMS: Record<string, { strong: string[]; weak?: string[] }> = {
  name: {
    strong: [
      '姓名',
      '名字',
      '全名',
      '名称',
      '联系人',
      '联系人姓名',
      '客户姓名',
      'full name',
      'name',
      'contact',
      'contact name',
      'display name',
      'fn',
    ],
    weak: ['公司名称', '客户名称', '企业名称', 'company name', 'account name'],
  },
  family_name: { strong: ['姓', '姓氏', 'last name', 'lastname', 'family name', 'surname'] },
  given_name: { strong: ['名', 'first name', 'firstname', 'given name', 'forename'] },
  mobile: {
    strong: [
      '手机',
      '手机号',
      '手机号码',
      '移动电话',
      '移动号码',
      'mobile',
      'mobile phone',
      'mobile number',
      'cell',
      'cellphone',
      'cell phone',
      'cell number',
    ],
    weak: ['电话', '联系电话', '电话号码', 'phone', 'tel', 'telephone', 'phone number'],
  },
  phone: {
    strong: [
      '电话',
      '座机',
      '固话',
      '固定电话',
      '办公电话',
      '联系电话',
      '电话号码',
      '公司电话',
      'phone',
      'telephone',
      'tel',
      'work phone',
      'office phone',
      'phone number',
      'landline',
    ],
  },
  phones: { strong: ['其他电话', '电话2', 'other phones', 'phone 2', 'phones'] },
  email: {
    strong: [
      '邮箱',
      '电子邮箱',
      '电子邮件',
      '邮件',
      '邮箱地址',
      'email',
      'e-mail',
      'mail',
      'email address',
      'e-mail address',
    ],
  },
  emails: { strong: ['其他邮箱', '邮箱2', 'email 2', 'email2', 'other email', 'other emails', 'emails'] },
  company: {
    strong: [
      '公司',
      '单位',
      '工作单位',
      '所在单位',
      '公司名称',
      '所属公司',
      '企业',
      '企业名称',
      '客户名称',
      'company',
      'company name',
      'organization',
      'organisation',
      'org',
      'employer',
      'account',
      'account name',
    ],
  },
  title: { strong: ['职位', '职务', '头衔', '岗位', 'title', 'job title', 'position', 'role'] },
  department: { strong: ['部门', '所属部门', 'department', 'dept'] },
  address: {
    strong: [
      '地址',
      '住址',
      '联系地址',
      '通讯地址',
      '详细地址',
      '公司地址',
      '办公地址',
      'address',
      'street',
      'mailing address',
      'street address',
    ],
  },
  tags: { strong: ['标签', 'tags', 'tag', 'labels'] },
  birthday: {
    strong: ['生日', '出生日期', '出生年月日', 'birthday', 'date of birth', 'birth date', 'dob', 'bday'],
  },
  wechat: { strong: ['微信', '微信号', 'wechat', 'weixin', 'wechat id'] },
  website: {
    strong: ['网站', '网址', '主页', '官网', '公司网站', 'website', 'url', 'web', 'homepage', 'site'],
  },
  industry: { strong: ['行业', '所属行业', 'industry', 'sector'] },
  gender: { strong: ['性别', 'gender', 'sex'] },
  source: { strong: ['来源', '客户来源', '线索来源', 'source', 'lead source'] },
  description: {
    strong: ['描述', '说明', '简介', 'description', 'about'],
    weak: ['备注', 'note', 'notes', 'remark', 'remarks'],
  },
  notes: { strong: ['备注', '备注信息', 'note', 'notes', 'remark', 'remarks', 'comment', 'comments'] },
  credit_code: {
    strong: [
      '统一社会信用代码',
      '社会信用代码',
      '信用代码',
      'credit code',
      'uscc',
      'unified social credit code',
    ],
  },
  employees: {
    strong: ['员工数', '员工人数', '人数', '规模', 'employees', 'headcount', 'company size', 'size', 'staff'],
  },
  annual_revenue: { strong: ['年收入', '年营收', '营收', '营业额', 'annual revenue', 'revenue'] },
  province: { strong: ['省', '省份', 'province', 'state'] },
  city: { strong: ['城市', '市', 'city'] },
  district: { strong: ['区', '区县', '县区', 'district', 'county'] },
  amount: { strong: ['金额', '总金额', 'amount', 'value', 'total'] },
  status: { strong: ['状态', 'status'] },
  stage: { strong: ['阶段', '销售阶段', 'stage'] },
  lifecycle_stage: { strong: ['生命周期', '客户阶段', 'lifecycle stage', 'lifecycle'] },
}

/** Types whose value cannot come from a cell. */
const NOT_IMPORTABLE = new Set(['many_to_many', 'file', 'json'])

export const importableFields = (object: ObjectDef): FieldDef[] =>
  object.fields.filter((f) => f.isActive !== false && !NOT_IMPORTABLE.has(f.type))

/** Header text compared loosely: full width → half width, lower case, no brackets' content, marks or spaces. */
export function normaliseHeader(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【<《].*?[)）\]】>》]/g, '')
    .replace(/[*＊:：\s_\-.·'"’/\\]+/g, '')
    .trim()
}

export function autoMap(header: readonly string[], object: ObjectDef): ColumnMapping[] {
  const fields = importableFields(object)
  const score = new Map<string, Map<string, number>>()
  const add = (key: string, field: string, s: number) => {
    const k = normaliseHeader(key)
    if (!k) return
    let m = score.get(k)
    if (!m) {
      m = new Map()
      score.set(k, m)
    }
    if ((m.get(field) ?? 0) < s) m.set(field, s)
  }
  for (const f of fields) {
    add(f.name, f.name, 4)
    add(f.label['zh-CN'], f.name, 4)
    add(f.label.en, f.name, 4)
    const syn = SYNONYMS[f.name]
    for (const s of syn?.strong ?? []) add(s, f.name, 2)
    for (const s of syn?.weak ?? []) add(s, f.name, 1)
  }
  const order = new Map(fields.map((f, i) => [f.name, i]))
  const candidates = header.map((h, column) => {
    const m = score.get(normaliseHeader(h))
    const list = m ? [...m.entries()].sort((a, b) => b[1] - a[1] || order.get(a[0])! - order.get(b[0])!) : []
    return { column, list }
  })
  // best matches first, so a strong match is never taken by an earlier weak one
  const taken = new Set<string>()
  const result: ColumnMapping[] = header.map((_, column) => ({ column, field: null }))
  for (const level of [4, 2, 1]) {
    for (const c of candidates) {
      if (result[c.column]!.field) continue
      const hit = c.list.find(([f, s]) => s >= level && !taken.has(f))
      if (hit) {
        result[c.column]!.field = hit[0]
        taken.add(hit[0])
      }
    }
  }
  return result
}

/** A template's mapping (by header text) applied to a file's header; unknown headers stay unmapped. */
export function applyTemplate(
  header: readonly string[],
  columns: readonly { header: string; field: string | null }[],
  object: ObjectDef,
): ColumnMapping[] {
  const valid = new Set(importableFields(object).map((f) => f.name))
  const byHeader = new Map(columns.map((c) => [normaliseHeader(c.header), c.field]))
  const taken = new Set<string>()
  return header.map((h, column) => {
    const f = byHeader.get(normaliseHeader(h)) ?? null
    if (!f || !valid.has(f) || taken.has(f)) return { column, field: null }
    taken.add(f)
    return { column, field: f }
  })
}

/** Problems of a mapping the user sent: unknown or non-importable fields, a field twice, nothing mapped. */
export function mappingIssues(
  mapping: readonly ColumnMapping[],
  width: number,
  object: ObjectDef,
): { path: string; code: string }[] {
  const fields = new Map(object.fields.map((f) => [f.name, f]))
  const importable = new Set(importableFields(object).map((f) => f.name))
  const seen = new Set<string>()
  const issues: { path: string; code: string }[] = []
  mapping.forEach((m, i) => {
    if (m.column >= width) issues.push({ path: `mapping.${i}.column`, code: 'invalid_value' })
    if (!m.field) return
    if (!fields.has(m.field)) issues.push({ path: `mapping.${i}.field`, code: 'unknown_field' })
    else if (!importable.has(m.field)) issues.push({ path: `mapping.${i}.field`, code: 'not_importable' })
    else if (seen.has(m.field)) issues.push({ path: `mapping.${i}.field`, code: 'duplicate_mapping' })
    seen.add(m.field)
  })
  if (issues.length === 0 && seen.size === 0) issues.push({ path: 'mapping', code: 'no_mapping' })
  return issues
}
