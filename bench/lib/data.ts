import { pinyin } from 'pinyin-pro'
import { uuidv7 } from 'uuidv7'

/** mulberry32: a small, fast, seeded PRNG, so every run (and both sides of a comparison) sees the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rand = () => number
export const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1))

/** Picks by weight: `[[value, weight], …]`. */
export function weighted<T>(r: Rand, list: readonly (readonly [T, number])[]): T {
  const total = list.reduce((s, [, w]) => s + w, 0)
  let x = r() * total
  for (const [v, w] of list) {
    x -= w
    if (x < 0) return v
  }
  return list[list.length - 1]![0]
}

// Surnames roughly by frequency (the first ones are the most common), and compound surnames.
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '高',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '潘',
  '袁',
  '蔡',
  '蒋',
  '余',
  '于',
  '杜',
  '叶',
  '程',
  '魏',
  '苏',
  '吕',
  '丁',
  '任',
  '卢',
  '姚',
  '沈',
  '钟',
  '姜',
  '崔',
  '谭',
  '陆',
  '范',
  '汪',
  '廖',
  '石',
  '金',
  '韦',
  '贾',
  '夏',
  '付',
  '方',
  '邹',
  '熊',
  '白',
  '孟',
  '秦',
  '邱',
  '侯',
  '江',
  '尹',
  '薛',
  '段',
  '雷',
  '龙',
  '黎',
  '史',
  '陶',
  '贺',
  '毛',
  '郝',
  '顾',
  '龚',
  '邵',
  '万',
  '武',
  '钱',
  '戴',
  '严',
  '孔',
  '常',
  '汤',
  '康',
  '易',
  '单',
] as const
const COMPOUND = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '慕容', '令狐'] as const
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '华',
  '玲',
  '晨',
  '辉',
  '鹏',
  '飞',
  '宇',
  '浩',
  '婷',
  '雪',
  '琳',
  '欣',
  '怡',
  '涵',
  '萱',
  '诺',
  '远',
  '俊',
  '嘉',
  '桐',
  '轩',
  '然',
  '梓',
  '子',
  '思',
  '雨',
  '一',
  '晓',
  '建',
  '国',
  '志',
  '文',
  '秀',
  '英',
  '兰',
  '红',
  '海',
  '波',
  '宁',
  '峰',
] as const

export const REGIONS: Record<string, readonly string[]> = {
  华东: ['上海', '杭州', '南京', '苏州', '宁波', '合肥', '福州', '厦门', '济南', '青岛'],
  华北: ['北京', '天津', '石家庄', '太原', '呼和浩特'],
  华南: ['广州', '深圳', '东莞', '佛山', '南宁', '海口'],
  华中: ['武汉', '长沙', '郑州', '南昌'],
  西南: ['成都', '重庆', '昆明', '贵阳'],
  西北: ['西安', '兰州', '乌鲁木齐', '银川'],
  东北: ['沈阳', '大连', '长春', '哈尔滨'],
}
export const REGION_NAMES = Object.keys(REGIONS)
const REGION_WEIGHTS = [
  ['华东', 30],
  ['华北', 18],
  ['华南', 18],
  ['华中', 10],
  ['西南', 10],
  ['西北', 6],
  ['东北', 8],
] as const

const BRANDS = [
  '阿里巴巴',
  '腾讯',
  '字节跳动',
  '华为',
  '美团',
  '京东',
  '小米',
  '比亚迪',
  '华信',
  '中科',
  '天成',
  '瑞丰',
  '恒达',
  '鼎盛',
  '博远',
  '金桥',
  '海纳',
  '宏图',
  '星辰',
  '云帆',
  '智联',
  '汇通',
  '远航',
  '新世纪',
  '腾飞',
  '久安',
  '东方',
  '嘉禾',
  '明德',
  '同创',
  '卓越',
  '长城',
  '联合',
  '万达',
  '安信',
  '盛世',
  '优品',
  '正泰',
  '聚力',
  '飞鸿',
] as const
const TRADES = [
  '科技',
  '网络',
  '信息技术',
  '电子',
  '贸易',
  '物流',
  '医药',
  '教育科技',
  '建设',
  '制造',
  '食品',
  '新能源',
] as const
const SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司'] as const
export const INDUSTRIES = [
  'it',
  'manufacturing',
  'retail',
  'finance',
  'education',
  'healthcare',
  'logistics',
] as const

export const STATUSES = ['new', 'open', 'qualified', 'won', 'lost'] as const
const STATUS_WEIGHTS = [
  ['new', 20],
  ['open', 35],
  ['qualified', 20],
  ['won', 10],
  ['lost', 15],
] as const
const TAGS = ['重点客户', '续约', '新签', '政府', '教育', '制造业', 'VIP', '渠道'] as const
const PRODUCTS = [
  '云服务器',
  'CRM 系统',
  '数据中台',
  '安全网关',
  '办公设备',
  '打印机',
  '培训服务',
  '年度维保',
] as const
const MAIL_DOMAINS = [
  'qq.com',
  '163.com',
  '126.com',
  'example.com.cn',
  'corp.example.cn',
  'foxmail.com',
] as const
const MOBILE = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
] as const

// Pinyin per character, computed once (names are built from these lists), for realistic e-mail addresses.
const PY = new Map<string, string>()
for (const c of [...SURNAMES, ...COMPOUND, ...GIVEN])
  PY.set(c, pinyin(c, { toneType: 'none', type: 'array', surname: 'head' }).join(''))
const py = (s: string): string => PY.get(s) ?? ''

export function personName(r: Rand): { name: string; latin: string } {
  const surname = r() < 0.03 ? pick(r, COMPOUND) : SURNAMES[Math.floor(SURNAMES.length * r() * r())]!
  const g1 = pick(r, GIVEN)
  const two = r() < 0.7
  const g2 = two ? pick(r, GIVEN) : ''
  return { name: surname + g1 + g2, latin: py(surname) + py(g1) + (two ? py(g2) : '') }
}

export type AccountInput = {
  id: string
  name: string
  region: string
  city: string
  industry: string
}

export function account(r: Rand, i: number): AccountInput {
  const region = weighted(r, REGION_WEIGHTS)
  const city = pick(r, REGIONS[region]!)
  // the index keeps names unique enough to look real in search results
  const name = `${city}${pick(r, BRANDS)}${pick(r, TRADES)}${pick(r, SUFFIXES)}${i % 7 === 0 ? `（${(i % 97) + 1}号）` : ''}`
  return { id: uuidv7(), name, region, city, industry: pick(r, INDUSTRIES) }
}

/** One record of the 12-field object, in API shape (what a client would POST). */
export type LeadInput = {
  id: string
  name: string
  description: string | null
  quantity: number
  amount: { amount: string; currency: string } | null
  close_date: string | null
  last_contact_at: string | null
  is_key: boolean
  status: string
  email: string | null
  phone: string | null
  tags: string[] | null
  account: string | null
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

export function lead(r: Rand, accounts: readonly AccountInput[], seq: number): LeadInput {
  const person = personName(r)
  const acc = accounts[Math.floor(r() * accounts.length)]!
  // log-uniform amounts between 1,000 and 5,000,000
  const amount = Math.exp(Math.log(1000) + r() * (Math.log(5_000_000) - Math.log(1000)))
  const year = int(r, 2025, 2027)
  const tagCount = weighted(r, [
    [0, 30],
    [1, 40],
    [2, 20],
    [3, 10],
  ] as const)
  const tags: string[] = []
  for (let k = 0; k < tagCount; k++) {
    const t = pick(r, TAGS)
    if (!tags.includes(t)) tags.push(t)
  }
  const contactDay = int(r, 1, 700)
  const contact = new Date(
    Date.UTC(2025, 0, 1, int(r, 0, 23), int(r, 0, 59), int(r, 0, 59)) + contactDay * 86_400_000,
  )
  return {
    id: uuidv7(),
    name: person.name,
    description:
      r() < 0.8
        ? `${person.name}，${acc.city}${acc.name.slice(acc.city.length, acc.city.length + 4)}采购负责人，关注${pick(r, PRODUCTS)}，预计${year}年第${int(r, 1, 4)}季度签约。`
        : null,
    quantity: int(r, 1, 500),
    amount: r() < 0.95 ? { amount: amount.toFixed(2), currency: r() < 0.9 ? 'CNY' : 'USD' } : null,
    close_date: r() < 0.9 ? `${year}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}` : null,
    last_contact_at: r() < 0.85 ? contact.toISOString() : null,
    is_key: r() < 0.2,
    status: weighted(r, STATUS_WEIGHTS),
    email: r() < 0.85 ? `${person.latin}${seq % 1000}@${pick(r, MAIL_DOMAINS)}` : null,
    phone: r() < 0.9 ? `+86${pick(r, MOBILE)}${pad(int(r, 0, 99_999_999), 8)}` : null,
    tags: tags.length ? tags : null,
    account: r() < 0.97 ? acc.id : null,
  }
}

/** API shape → the object table's columns (what the product stores), for the hand-written INSERT. */
export function leadColumns(l: LeadInput): Record<string, unknown> {
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    quantity: l.quantity,
    amount: l.amount?.amount ?? null,
    amount__cur: l.amount?.currency ?? null,
    close_date: l.close_date,
    last_contact_at: l.last_contact_at,
    is_key: l.is_key,
    status: l.status,
    email: l.email,
    phone: l.phone,
    tags: l.tags,
    account: l.account,
  }
}

/** Search queries by kind, all of which hit the generated data. */
export const SEARCH_QUERIES: Record<string, readonly string[]> = {
  cjk1: ['王', '张', '欧', '华', '杭'],
  cjk2: ['张伟', '王芳', '李娜', '腾讯', '深圳'],
  cjk3: ['欧阳娜', '诸葛明', '阿里巴巴', '字节跳动', '杭州华信'],
  pinyin: ['zhangwei', 'wangfang', 'ouyang', 'liming', 'huawei'],
  initials: ['zw', 'wf', 'oyn', 'lm', 'zgl'],
}
