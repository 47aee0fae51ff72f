import type { DemoCity } from './cities.ts'
import type { ForeignCountry } from './countries.ts'
import type { Rng } from './rng.ts'

/** The `industry` select values of the company object (modules/contacts/objects.ts). */
export const INDUSTRIES = [
  'software',
  'manufacturing',
  'finance',
  'retail',
  'education',
  'healthcare',
  'logistics',
  'other',
] as const
export type Industry = (typeof INDUSTRIES)[number]

export interface CompanyName {
  name: string
  /** without scheme: yunqitech.com.cn */
  domain: string
  industry: Industry
}

// Invented brand words (字号) with their pinyin; none is a well-known company's name on its own.
// biome-ignore format: a word list
const BRANDS: readonly (readonly [string, string])[] = [
  ['云栖', 'yunqi'], ['华信', 'huaxin'], ['中科', 'zhongke'], ['恒通', 'hengtong'], ['鼎盛', 'dingsheng'],
  ['新锐', 'xinrui'], ['天成', 'tiancheng'], ['博远', 'boyuan'], ['东方', 'dongfang'], ['金桥', 'jinqiao'],
  ['汇智', 'huizhi'], ['凌云', 'lingyun'], ['启明', 'qiming'], ['远航', 'yuanhang'], ['星辰', 'xingchen'],
  ['瑞丰', 'ruifeng'], ['宏达', 'hongda'], ['嘉禾', 'jiahe'], ['永泰', 'yongtai'], ['德胜', 'desheng'],
  ['安信', 'anxin'], ['盛世', 'shengshi'], ['海纳', 'haina'], ['卓越', 'zhuoyue'], ['智联', 'zhilian'],
  ['同创', 'tongchuang'], ['光华', 'guanghua'], ['万邦', 'wanbang'], ['长风', 'changfeng'], ['青云', 'qingyun'],
  ['明德', 'mingde'], ['众诚', 'zhongcheng'], ['鑫源', 'xinyuan'], ['巨能', 'juneng'], ['优品', 'youpin'],
  ['睿思', 'ruisi'], ['领航', 'linghang'], ['致远', 'zhiyuan'], ['思源', 'siyuan'], ['泰和', 'taihe'],
  ['和信', 'hexin'], ['联创', 'lianchuang'], ['易达', 'yida'], ['迅捷', 'xunjie'], ['浩然', 'haoran'],
  ['聚力', 'juli'], ['蓝海', 'lanhai'], ['绿源', 'lvyuan'], ['金鼎', 'jinding'], ['开元', 'kaiyuan'],
  ['普惠', 'puhui'], ['天润', 'tianrun'], ['云帆', 'yunfan'], ['数联', 'shulian'], ['峰岭', 'fengling'],
  ['春晖', 'chunhui'], ['百川', 'baichuan'], ['九州', 'jiuzhou'], ['正元', 'zhengyuan'], ['君信', 'junxin'],
]

// What the company does, as written in its name, with the English word used in its domain.
// biome-ignore format: a word list
const TRADES: Record<Industry, readonly (readonly [string, string])[]> = {
  software: [['科技', 'tech'], ['信息技术', 'it'], ['软件', 'soft'], ['网络科技', 'net'], ['数据科技', 'data'], ['智能科技', 'ai']],
  manufacturing: [['机械', 'machinery'], ['精密制造', 'precision'], ['电子', 'electronics'], ['新材料', 'materials'], ['汽车零部件', 'auto'], ['电气', 'electric']],
  finance: [['投资', 'invest'], ['融资租赁', 'leasing'], ['资产管理', 'capital'], ['保险经纪', 'insurance']],
  retail: [['商贸', 'trading'], ['百货', 'store'], ['电子商务', 'ec'], ['连锁超市', 'mart'], ['贸易', 'trade']],
  education: [['教育科技', 'edu'], ['文化传播', 'culture'], ['职业培训', 'training']],
  healthcare: [['医疗器械', 'medical'], ['生物科技', 'bio'], ['医药', 'pharma'], ['健康管理', 'health']],
  logistics: [['物流', 'logistics'], ['供应链管理', 'scm'], ['国际货运代理', 'freight'], ['快运', 'express']],
  other: [['建筑工程', 'build'], ['管理咨询', 'consulting'], ['文化传媒', 'media'], ['餐饮管理', 'food'], ['环保科技', 'eco'], ['新能源', 'energy']],
}

const INDUSTRY_WEIGHTS: readonly (readonly [Industry, number])[] = [
  ['software', 24],
  ['manufacturing', 22],
  ['finance', 8],
  ['retail', 14],
  ['education', 6],
  ['healthcare', 9],
  ['logistics', 8],
  ['other', 9],
]

const SUFFIXES: readonly (readonly [string, number])[] = [
  ['有限公司', 60],
  ['股份有限公司', 20],
  ['集团有限公司', 8],
  ['有限责任公司', 12],
]

export function randomIndustry(rng: Rng): Industry {
  return rng.weighted(INDUSTRY_WEIGHTS)
}

/**
 * A Chinese company name as registered: 城市 + 字号 + 行业 + 组织形式 (杭州云栖科技有限公司), now and then
 * with the place in brackets (云栖科技(杭州)有限公司).
 */
export function chineseCompanyName(
  rng: Rng,
  city: DemoCity,
  industry: Industry = randomIndustry(rng),
): CompanyName {
  const [brand, brandPy] = rng.pick(BRANDS)
  const [trade, tradeEn] = rng.pick(TRADES[industry])
  const suffix = rng.weighted(SUFFIXES)
  const name = rng.chance(0.12)
    ? `${brand}${trade}(${city.short})${suffix}`
    : `${city.short}${brand}${trade}${suffix}`
  const domain = `${brandPy}${tradeEn}.${rng.pick(['com', 'com.cn', 'cn'])}`
  return { name, domain, industry }
}

// Fictitious names in the tradition of sample databases (Northwind, Contoso, Fabrikam…), plus invented ones.
// biome-ignore format: a word list
const FOREIGN_BRANDS = [
  'Northwind', 'Contoso', 'Fabrikam', 'Adventure Works', 'Tailspin', 'Wingtip', 'Litware', 'Proseware',
  'Woodgrove', 'Lucerne', 'Trey', 'Coho', 'Relecloud', 'VanArsdel', 'Alpine', 'Blue Yonder', 'Brightwater',
  'Silverline', 'Northstar', 'Evergreen', 'Harborview', 'Ironbridge', 'Bluepeak', 'Redwood', 'Summit',
  'Crescent', 'Keystone', 'Meridian', 'Oakridge', 'Pinecrest', 'Riverside', 'Sterling', 'Westbrook', 'Lakeside',
] as const

const FOREIGN_TRADES: Record<Industry, readonly string[]> = {
  software: ['Software', 'Systems', 'Technologies', 'Analytics'],
  manufacturing: ['Manufacturing', 'Industries', 'Robotics', 'Materials'],
  finance: ['Capital', 'Partners', 'Financial'],
  retail: ['Traders', 'Retail', 'Foods', 'Importers'],
  education: ['Learning', 'Academy'],
  healthcare: ['Health', 'Medical', 'Biosciences'],
  logistics: ['Logistics', 'Freight', 'Shipping'],
  other: ['Consulting', 'Energy', 'Media', 'Labs'],
}

/** An international company: `Contoso Systems GmbH`, domain `contososystems.de`. */
export function foreignCompanyName(
  rng: Rng,
  country: ForeignCountry,
  industry: Industry = randomIndustry(rng),
): CompanyName {
  const brand = rng.pick(FOREIGN_BRANDS)
  const trade = rng.pick(FOREIGN_TRADES[industry])
  const suffix = rng.pick(country.suffixes)
  const slug = `${brand}${trade}`.toLowerCase().replace(/[^a-z0-9]/g, '')
  return { name: `${brand} ${trade} ${suffix}`, domain: `${slug}.${country.tld}`, industry }
}
