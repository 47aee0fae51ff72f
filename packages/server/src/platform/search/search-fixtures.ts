import type { SearchDocWrite } from './search.repo.ts'

/**
 * Synthetic, deterministic CRM-like search documents (people, companies, leads) for plan and scale checks.
 * Surnames follow their real frequency order (王 李 张 刘 陈 …); nothing here is real data.
 */

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单欧阳司马'
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏宇浩然子轩梓涵欣怡诗雨晨阳思远嘉俊博文志强海燕春梅丹凤国庆'
const CITIES = [
  '北京',
  '上海',
  '广州',
  '深圳',
  '杭州',
  '南京',
  '成都',
  '武汉',
  '西安',
  '重庆',
  '苏州',
  '天津',
]
const BRANDS = [
  '华信',
  '恒通',
  '瑞丰',
  '阿里',
  '腾飞',
  '字节',
  '星辰',
  '宏达',
  '金桥',
  '蓝海',
  '东方',
  '中科',
  '智联',
  '云图',
]
const TRADES = ['科技', '贸易', '电子', '网络', '咨询', '医疗器械', '物流', '软件', '食品', '建设']
const LATIN_FIRST = ['John', 'Mary', 'David', 'Linda', 'Michael', 'Susan', 'James', 'Karen', 'Robert', 'Lisa']
const LATIN_LAST = [
  'Smith',
  'Johnson',
  'Brown',
  'Miller',
  'Davis',
  'Wilson',
  'Taylor',
  'Clark',
  'Lewis',
  'Walker',
]
const TITLES = ['销售总监', '采购经理', '总经理', '技术主管', '市场专员', '财务经理', 'CEO', 'CTO']

/** A small deterministic PRNG (mulberry32), so every run builds the same documents. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function uuidFrom(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export interface FixtureOptions {
  workspaceId: string
  count: number
  owners: readonly string[]
  seed?: number
}

export function syntheticDocs(opts: FixtureOptions): SearchDocWrite[] {
  const r = rng(opts.seed ?? 1)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!
  // Zipf-like surname choice: the first surnames are much more common.
  const surname = () => {
    const chars = Array.from(SURNAMES)
    const i = Math.min(chars.length - 1, Math.floor(chars.length * r() ** 3))
    return chars[i]!
  }
  const given = () => {
    const chars = Array.from(GIVEN)
    return r() < 0.4 ? pick(chars) : pick(chars) + pick(chars)
  }
  const phone = () => `+86 13${Math.floor(r() * 10)}-${String(Math.floor(r() * 1e8)).padStart(8, '0')}`
  const docs: SearchDocWrite[] = []
  for (let i = 0; i < opts.count; i++) {
    const kind = r()
    const base = { workspaceId: opts.workspaceId, recordId: uuidFrom(r), ownerId: pick(opts.owners) }
    if (kind < 0.55) {
      const latin = r() < 0.1
      const name = latin ? `${pick(LATIN_FIRST)} ${pick(LATIN_LAST)}` : surname() + given()
      docs.push({
        ...base,
        objectName: 'contact',
        title: name,
        subtitle: pick(TITLES),
        texts: [phone(), `user${i}@example.com`],
        personNameTexts: [name],
      })
    } else if (kind < 0.85) {
      const name = `${pick(CITIES)}${pick(BRANDS)}${pick(TRADES)}有限公司`
      docs.push({ ...base, objectName: 'company', title: name, subtitle: pick(CITIES), texts: [phone()] })
    } else {
      const person = surname() + given()
      docs.push({
        ...base,
        objectName: 'lead',
        title: `${person} - ${pick(BRANDS)}${pick(TRADES)}`,
        subtitle: '新线索',
        texts: [phone()],
        personNameTexts: [person],
      })
    }
  }
  return docs
}
