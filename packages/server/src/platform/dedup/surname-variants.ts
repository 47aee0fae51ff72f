/**
 * Romanisations of common Chinese surnames besides Hanyu Pinyin: Wade–Giles (Taiwan), Cantonese (Hong
 * Kong, Macao), Hokkien/Teochew (Singapore, Malaysia). `Chan` is 陈, `Wong` is 王 or 黄, `Ng` is 吴 or
 * 伍, `Tan` is 陈 (Hokkien) or 谭. Written for Kemai from the standard romanisation systems; the 509-row
 * table in `shared/datasets/china-names` (Wikipedia, CC BY-SA) is checked against it in the tests and
 * can be loaded at run time with `surnameVariantsFromTable` to extend it.
 *
 * Key: the mainland pinyin of the surname. Value: the other spellings, space separated.
 */
const BUILT_IN: Record<string, string> = {
  wang: 'wong ong heng vong wan',
  li: 'lee lei lai ly lie rhee yi',
  zhang: 'chang cheung chong teo teoh tiong cheong chiang',
  liu: 'lau lao low lew liew lieu',
  chen: 'chan tan chin chun ting chern',
  yang: 'yeung yeoh yeo yong young ieong',
  huang: 'wong hwang ng ooi wee uy oei vong',
  zhao: 'chao chiu chio teo tio teoh chew tiew',
  wu: 'woo ng goh ngo ngu oh',
  zhou: 'chou chow chau chao chew cheu chiew',
  xu: 'hsu hui tsui chui koh khoo kho shu',
  sun: 'suen soon sng shun song',
  ma: 'mah mar beh',
  zhu: 'chu choo chew gee',
  hu: 'woo wu foo oh hoo',
  guo: 'kuo kwok kok quek kuek keh',
  he: 'ho hoe hor haw hoh',
  gao: 'kao ko koh kou',
  lin: 'lam lim lum lin',
  luo: 'lo law loh lor',
  zheng: 'cheng tay teh chang cheang',
  liang: 'leung leong neo nio leong',
  xie: 'hsieh tse chia seah sia tse',
  song: 'sung soong soon',
  tang: 'tong thong tng',
  han: 'hon hahn',
  feng: 'fung foong fong pang',
  deng: 'teng tang dang',
  cao: 'tsao tso chow cho',
  peng: 'pang phang pung',
  zeng: 'tseng tsang chan chang',
  xiao: 'hsiao siu siew seow sio shaw',
  tian: 'tien tin thian',
  dong: 'tung tong',
  yuan: 'yuen wan guan',
  pan: 'poon phua pua',
  yu: 'yue ee yee ue',
  jiang: 'chiang keung kong kang cheung',
  cai: 'tsai choi chua chuah choy',
  du: 'tu to toh doo',
  ye: 'yeh yip yap yeap',
  cheng: 'ching chen seng',
  su: 'soh so soo',
  wei: 'ngai ngui gwee',
  lv: 'lu lui loo lue leu lyu',
  ding: 'ting teng',
  ren: 'jen yam yum',
  shen: 'sim shum sum sham',
  yao: 'yiu yau yeo',
  lu: 'luk loke loo lo lok',
  cui: 'tsui chui choi',
  zhong: 'chung chong cheong',
  tan: 'tam tham tan',
  fan: 'faan huan hoon',
  jin: 'kam chin kim kum',
  shi: 'shih shek sek sze si sih',
  liao: 'liu liew leow lew',
  jia: 'chia ka kar',
  xia: 'hsia ha har',
  fu: 'foo poh hu',
  fang: 'fong png pang',
  bai: 'pai pak peh',
  zou: 'tsou chau chow',
  meng: 'mang mong',
  xiong: 'hsiung hung heng',
  qin: 'chin chun',
  qiu: 'chiu yau khoo kuh',
  hou: 'hau hao',
  long: 'lung loong',
  tao: 'to toh',
  gu: 'ku koo',
  mao: 'mo mou',
  hao: 'kok hok',
  gong: 'kung kong',
  shao: 'shiu sio siew',
  wan: 'man van',
  qian: 'chien chin zee chee',
  yan: 'yen yim gan ngan',
  dai: 'tai tay',
  mo: 'mok mock',
  kong: 'khong hung',
  xiang: 'hsiang heung',
  duan: 'tuan tuen',
  lei: 'lui louie',
  shang: 'sheung',
  qi: 'chi chai chee',
  mai: 'mak',
  kang: 'hong khang',
  ou: 'au ao',
  ouyang: 'auyeung au-yeung owyang auyong',
  situ: 'szeto sze-to seetoh',
  sima: 'szema sze-ma',
  zhuge: 'chukot',
  shangguan: 'sheungkoon',
}

export type SurnameVariants = ReadonlyMap<string, readonly string[]>

function buildIndex(entries: Iterable<[string, Iterable<string>]>): Map<string, string[]> {
  const index = new Map<string, string[]>()
  const add = (spelling: string, py: string) => {
    const k = spelling.toLowerCase().replace(/[^a-z]/g, '')
    if (k === '') return
    const list = index.get(k)
    if (!list) index.set(k, [py])
    else if (!list.includes(py)) list.push(py)
  }
  for (const [py, spellings] of entries) {
    add(py, py)
    for (const s of spellings) add(s, py)
  }
  return index
}

/** spelling (lower-case letters only) → the mainland pinyin surnames it can stand for */
export const SURNAME_VARIANTS: SurnameVariants = buildIndex(
  Object.entries(BUILT_IN).map(([py, v]) => [py, v.split(' ')]),
)

/** A row of the matthewow corpus (shared/datasets/china-names/surname_romanizations_matthewow.json). */
export interface SurnameTableRow {
  mainland?: string
  [region: string]: string | undefined
}

/**
 * Extends the built-in table with rows of the matthewow corpus format (every column except the
 * characters and `vietnam`/`korea`, whose readings are of other languages). Returns a new index.
 */
export function surnameVariantsFromTable(rows: readonly SurnameTableRow[]): SurnameVariants {
  const entries: [string, string[]][] = Object.entries(BUILT_IN).map(([py, v]) => [py, v.split(' ')])
  for (const row of rows) {
    const py = row.mainland
      ?.toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z]/g, '')
    if (!py) continue
    const spellings: string[] = []
    for (const [k, v] of Object.entries(row)) {
      if (!v || k === 'zh_sim' || k === 'zh_tra' || k === 'no.' || k === 'vietnam' || k === 'korea') continue
      for (const s of v.split(/[/,;]/)) spellings.push(s.normalize('NFKD').replace(/\p{M}/gu, ''))
    }
    entries.push([py, spellings])
  }
  return buildIndex(entries)
}
