import { pinyin } from 'pinyin-pro'
import { asText, cleanText, foldAccents, hasHan, Memo, toHalfWidth, toSimplified } from './text.ts'

/**
 * Company names → comparable forms.
 *
 * A mainland name is built as [region][trade name 字号][industry][legal form] (企业名称登记管理规定),
 * e.g. 杭州 阿里巴巴 网络技术 有限公司, often with a bracketed region (阿里巴巴(中国)有限公司) or a
 * branch (…有限公司北京分公司). An international one ends in a legal form (Co., Ltd., Inc., GmbH…).
 *
 * - `normaliseCompanyName`: simplified, half-width, lower-case, brackets and their content removed,
 *   legal forms and branch suffixes removed, punctuation and spaces removed for Han text.
 *   `阿里巴巴(中国)有限公司` → `阿里巴巴`, `Alibaba (China) Co., Ltd.` → `alibaba`.
 * - `companyCore`: also drops a leading region and trailing industry words, leaving the trade name:
 *   `杭州阿里巴巴网络技术有限公司` → `阿里巴巴`. Used for blocking and as a second comparison.
 * - `companyNameForms`: the core plus, for Han names, its joined pinyin (`阿里巴巴` → `alibaba`), so a
 *   Chinese name and a romanised one can meet. A comparison takes the best pair of forms.
 */

// Longest first: the loop strips one suffix at a time until none matches.
const HAN_LEGAL_FORMS = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '集团股份有限公司',
  '控股有限公司',
  '有限合伙企业',
  '普通合伙企业',
  '个人独资企业',
  '有限合伙',
  '普通合伙',
  '有限公司',
  '总公司',
  '分公司',
  '子公司',
  '办事处',
  '代表处',
  '分行',
  '支行',
  '分店',
  '门市部',
  '经营部',
  '集团',
  '控股',
  '股份',
  '公司',
  '企业',
  '工作室',
  '商行',
  '厂',
].sort((a, b) => b.length - a.length)

// Lower-case tokens of international legal forms and the words that surround them.
const LATIN_LEGAL_FORMS = new Set([
  'co',
  'company',
  'companies',
  'corp',
  'corporation',
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'pllc',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'pte',
  'pty',
  'sdn',
  'bhd',
  'kk',
  'group',
  'holding',
  'holdings',
  'the',
  'and',
  '&',
])

// Provinces, autonomous regions and the larger cities, short and full forms (GB/T 2260 names).
// 中国/中华 are left alone at the start: they are part of trade names (中国银行, 中华书局).
const HAN_REGIONS = [
  ...'北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门'.split(
    ' ',
  ),
  ...'石家庄 唐山 保定 太原 大同 沈阳 大连 长春 哈尔滨 南京 苏州 无锡 常州 南通 徐州 扬州 杭州 宁波 温州 绍兴 嘉兴 金华 台州 湖州 合肥 芜湖 福州 厦门 泉州 南昌 济南 青岛 烟台 潍坊 郑州 洛阳 武汉 长沙 广州 深圳 珠海 佛山 东莞 中山 惠州 汕头 海口 三亚 成都 绵阳 贵阳 昆明 西安 兰州 西宁 银川 乌鲁木齐 拉萨 南宁 桂林 呼和浩特 包头'.split(
    ' ',
  ),
]
  .flatMap((r) => [
    `${r}省`,
    `${r}市`,
    `${r}自治区`,
    `${r}特别行政区`,
    `${r}壮族自治区`,
    `${r}回族自治区`,
    `${r}维吾尔自治区`,
    r,
  ])
  .sort((a, b) => b.length - a.length)

// Industry words (行业表述) that follow the trade name; longest first.
const HAN_INDUSTRY = [
  '网络技术',
  '信息技术',
  '信息科技',
  '网络科技',
  '电子商务',
  '软件技术',
  '计算机系统',
  '计算机',
  '科技发展',
  '技术服务',
  '电子科技',
  '智能科技',
  '生物科技',
  '医药科技',
  '文化传媒',
  '文化传播',
  '广告',
  '传媒',
  '咨询服务',
  '管理咨询',
  '投资管理',
  '资产管理',
  '投资咨询',
  '投资',
  '咨询',
  '贸易',
  '国际贸易',
  '进出口',
  '实业',
  '发展',
  '科技',
  '技术',
  '软件',
  '网络',
  '信息',
  '电子',
  '通信',
  '通讯',
  '电器',
  '机械',
  '制造',
  '建设',
  '建筑',
  '工程',
  '物流',
  '供应链',
  '服务',
  '国际',
  '商贸',
  '食品',
  '医药',
  '生物',
  '能源',
  '新能源',
  '汽车',
  '置业',
  '房地产开发',
  '房地产',
  '物业管理',
  '教育科技',
  '教育',
  '餐饮管理',
  '餐饮',
  '酒店管理',
  '管理',
].sort((a, b) => b.length - a.length)

const BRACKETS = /[([{【〔〖《<（][^)\]}】〕〗》>）]*[)\]}】〕〗》>）]?/g
const HAN_PUNCT = /[\s·・.,，、'"“”‘’:：;；!！?？\-—_/\\|&＆+*#@~`^$%=]/g

const memo = new Memo<string>(100_000)
const coreMemo = new Memo<string>(100_000)

/** Legal forms, brackets and punctuation removed; see the module comment. '' when nothing remains. */
export function normaliseCompanyName(value: unknown): string | null {
  const raw = asText(value)
  if (raw === '') return null
  const out = memo.get(raw, computeName)
  return out === '' ? null : out
}

function computeName(raw: string): string {
  const s = toSimplified(cleanText(toHalfWidth(raw))).toLowerCase()
  if (s === '') return ''
  const unbracketed = s.replace(BRACKETS, ' ').trim()
  const base = unbracketed === '' ? s.replace(/[()[\]{}【】〔〕〖〗《》<>（）]/g, ' ') : unbracketed
  return hasHan(base) ? hanName(base) : latinName(base)
}

const BRANCH = /(分公司|分行|支行|办事处|代表处|分店|营业部)$/
const FORM_THEN_PLACE = /(股份有限公司|有限责任公司|有限公司|公司)[\p{Script=Han}]{1,5}$/u

function hanName(s: string): string {
  let t = s.replace(HAN_PUNCT, '')
  // a branch: '…有限公司北京分公司', '招商银行杭州分行' → the parent's name
  if (BRANCH.test(t)) {
    const parent = t.replace(BRANCH, '').replace(FORM_THEN_PLACE, '$1')
    t = stripRegionSuffix(parent)
  }
  outer: for (let changed = true; changed && t !== ''; ) {
    changed = false
    for (const f of HAN_LEGAL_FORMS) {
      if (!t.endsWith(f)) continue
      if (t.length === f.length) break outer
      t = t.slice(0, -f.length)
      changed = true
      break
    }
  }
  return t
}

function stripRegionSuffix(t: string): string {
  for (const r of HAN_REGIONS) if (t.length > r.length + 1 && t.endsWith(r)) return t.slice(0, -r.length)
  return t
}

function latinName(s: string): string {
  const tokens = foldAccents(s)
    // dotted abbreviations as one word: S.A. → sa, L.L.C. → llc
    .replace(/\b(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, ''))
    .replace(/[.,'"’`]/g, ' ')
    .split(/[^\p{L}\p{N}&]+/u)
    .filter((t) => t !== '')
  // legal forms only at the end ('The Limited Company' keeps its words if nothing else is left)
  // a name made only of such words (`Limited`, `Co., Ltd.`) is kept whole
  if (tokens.every((t) => LATIN_LEGAL_FORMS.has(t))) return tokens.join(' ')
  let end = tokens.length
  while (end > 1 && LATIN_LEGAL_FORMS.has(tokens[end - 1]!)) end--
  let start = 0
  if (end - start > 1 && tokens[0] === 'the') start = 1
  return tokens.slice(start, end).join(' ')
}

/** The trade name (字号): region prefix and industry words removed too. */
export function companyCore(value: unknown): string | null {
  const name = normaliseCompanyName(value)
  if (name === null) return null
  const out = coreMemo.get(name, computeCore)
  return out === '' ? null : out
}

function computeCore(name: string): string {
  if (!hasHan(name)) return name
  let t = name
  for (const r of HAN_REGIONS) {
    if (t.length > r.length + 1 && t.startsWith(r)) {
      t = t.slice(r.length)
      break
    }
  }
  for (let changed = true; changed; ) {
    changed = false
    for (const w of HAN_INDUSTRY) {
      if (t.length > w.length + 1 && t.endsWith(w)) {
        t = t.slice(0, -w.length)
        changed = true
        break
      }
    }
  }
  return t
}

/** The core and, for Han names, its pinyin joined (`alibaba`), for cross-script comparison. */
export function companyNameForms(value: unknown): string[] | null {
  const core = companyCore(value)
  if (core === null) return null
  if (!hasHan(core)) return [core.replace(/ /g, '')]
  const py = pinyin(core, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' })
    .join('')
    .replace(/[^a-z0-9]/g, '')
  return py && py !== core ? [core, py] : [core]
}
