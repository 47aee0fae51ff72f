import type { Rng } from './rng.ts'

export interface PersonName {
  /** as written: 张伟, 欧阳娜娜, Emily Carter */
  name: string
  family_name: string
  given_name: string
  /** ASCII spelling for e-mail addresses: zhang / wei, carter / emily */
  latin: { family: string; given: string }
  script: 'zh' | 'en'
  gender: 'male' | 'female'
}

// The most common surnames with their approximate share in percent (2020 census), a few compound ones
// at the end. Pinyin is spelled as in e-mail addresses (吕 → lv).
// biome-ignore format: a frequency table
const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 7.1], ['李', 'li', 7.0], ['张', 'zhang', 6.6], ['刘', 'liu', 5.4], ['陈', 'chen', 4.5],
  ['杨', 'yang', 3.1], ['黄', 'huang', 2.2], ['赵', 'zhao', 2.0], ['吴', 'wu', 2.0], ['周', 'zhou', 1.9],
  ['徐', 'xu', 1.5], ['孙', 'sun', 1.4], ['马', 'ma', 1.3], ['朱', 'zhu', 1.3], ['胡', 'hu', 1.2],
  ['郭', 'guo', 1.1], ['何', 'he', 1.1], ['林', 'lin', 1.0], ['高', 'gao', 1.0], ['罗', 'luo', 0.9],
  ['郑', 'zheng', 0.8], ['梁', 'liang', 0.8], ['谢', 'xie', 0.7], ['宋', 'song', 0.7], ['唐', 'tang', 0.6],
  ['许', 'xu', 0.6], ['韩', 'han', 0.6], ['冯', 'feng', 0.6], ['邓', 'deng', 0.6], ['曹', 'cao', 0.6],
  ['彭', 'peng', 0.5], ['曾', 'zeng', 0.5], ['肖', 'xiao', 0.5], ['田', 'tian', 0.5], ['董', 'dong', 0.5],
  ['袁', 'yuan', 0.5], ['潘', 'pan', 0.5], ['于', 'yu', 0.4], ['蒋', 'jiang', 0.4], ['蔡', 'cai', 0.4],
  ['余', 'yu', 0.4], ['杜', 'du', 0.4], ['叶', 'ye', 0.4], ['程', 'cheng', 0.4], ['苏', 'su', 0.4],
  ['魏', 'wei', 0.4], ['吕', 'lv', 0.4], ['丁', 'ding', 0.3], ['任', 'ren', 0.3], ['沈', 'shen', 0.3],
  ['姚', 'yao', 0.3], ['卢', 'lu', 0.3], ['姜', 'jiang', 0.3], ['崔', 'cui', 0.3], ['钟', 'zhong', 0.3],
  ['谭', 'tan', 0.3], ['陆', 'lu', 0.3], ['汪', 'wang', 0.2], ['范', 'fan', 0.2], ['金', 'jin', 0.2],
  ['石', 'shi', 0.2], ['廖', 'liao', 0.2], ['贾', 'jia', 0.2], ['夏', 'xia', 0.2], ['韦', 'wei', 0.2],
  ['方', 'fang', 0.2], ['白', 'bai', 0.2], ['邹', 'zou', 0.2], ['孟', 'meng', 0.2], ['熊', 'xiong', 0.2],
  ['秦', 'qin', 0.2], ['邱', 'qiu', 0.1], ['江', 'jiang', 0.1], ['尹', 'yin', 0.1], ['薛', 'xue', 0.1],
  ['段', 'duan', 0.1], ['雷', 'lei', 0.1], ['侯', 'hou', 0.1], ['龙', 'long', 0.1], ['史', 'shi', 0.1],
  ['陶', 'tao', 0.1], ['黎', 'li', 0.1], ['贺', 'he', 0.1], ['顾', 'gu', 0.1], ['毛', 'mao', 0.1],
  ['郝', 'hao', 0.1], ['龚', 'gong', 0.1], ['邵', 'shao', 0.1], ['万', 'wan', 0.1], ['钱', 'qian', 0.1],
  ['严', 'yan', 0.1], ['覃', 'qin', 0.1], ['武', 'wu', 0.1], ['戴', 'dai', 0.1], ['莫', 'mo', 0.1],
  ['欧阳', 'ouyang', 0.05], ['司马', 'sima', 0.02], ['上官', 'shangguan', 0.02], ['诸葛', 'zhuge', 0.01],
]

// Characters common in given names, with their reading in names.
// biome-ignore format: a word list
const GIVEN_MALE: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['勇', 'yong'], ['杰', 'jie'], ['涛', 'tao'],
  ['明', 'ming'], ['超', 'chao'], ['华', 'hua'], ['建', 'jian'], ['国', 'guo'], ['平', 'ping'], ['刚', 'gang'],
  ['辉', 'hui'], ['鹏', 'peng'], ['飞', 'fei'], ['斌', 'bin'], ['宇', 'yu'], ['浩', 'hao'], ['凯', 'kai'],
  ['俊', 'jun'], ['峰', 'feng'], ['志', 'zhi'], ['文', 'wen'], ['博', 'bo'], ['晨', 'chen'], ['轩', 'xuan'],
  ['子', 'zi'], ['天', 'tian'], ['成', 'cheng'], ['林', 'lin'], ['东', 'dong'], ['海', 'hai'], ['波', 'bo'],
  ['亮', 'liang'], ['龙', 'long'], ['正', 'zheng'], ['阳', 'yang'], ['永', 'yong'], ['嘉', 'jia'], ['振', 'zhen'],
  ['宏', 'hong'], ['德', 'de'], ['思', 'si'], ['睿', 'rui'], ['泽', 'ze'], ['昊', 'hao'], ['然', 'ran'], ['毅', 'yi'],
]

// biome-ignore format: a word list
const GIVEN_FEMALE: readonly (readonly [string, string])[] = [
  ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['艳', 'yan'], ['娟', 'juan'],
  ['霞', 'xia'], ['秀', 'xiu'], ['玲', 'ling'], ['婷', 'ting'], ['雪', 'xue'], ['慧', 'hui'], ['颖', 'ying'],
  ['琳', 'lin'], ['欣', 'xin'], ['晶', 'jing'], ['洁', 'jie'], ['燕', 'yan'], ['倩', 'qian'], ['佳', 'jia'],
  ['怡', 'yi'], ['雯', 'wen'], ['梅', 'mei'], ['萍', 'ping'], ['红', 'hong'], ['春', 'chun'], ['晓', 'xiao'],
  ['璐', 'lu'], ['瑶', 'yao'], ['琪', 'qi'], ['悦', 'yue'], ['诗', 'shi'], ['梦', 'meng'], ['雨', 'yu'],
  ['涵', 'han'], ['萱', 'xuan'], ['彤', 'tong'], ['菲', 'fei'], ['薇', 'wei'], ['蕾', 'lei'], ['月', 'yue'],
  ['宁', 'ning'], ['莉', 'li'], ['琴', 'qin'], ['丹', 'dan'], ['婉', 'wan'], ['思', 'si'], ['嘉', 'jia'], ['文', 'wen'],
]

// biome-ignore format: a word list
const EN_GIVEN_MALE = [
  'James', 'John', 'Robert', 'Michael', 'David', 'William', 'Richard', 'Thomas', 'Daniel', 'Matthew',
  'Andrew', 'Mark', 'Paul', 'Steven', 'Kevin', 'Brian', 'George', 'Peter', 'Jason', 'Ryan', 'Oliver',
  'Lukas', 'Felix', 'Jonas', 'Pierre', 'Louis', 'Hiroshi', 'Kenji', 'Arjun', 'Ethan', 'Noah', 'Samuel',
] as const

// biome-ignore format: a word list
const EN_GIVEN_FEMALE = [
  'Mary', 'Jennifer', 'Linda', 'Sarah', 'Emily', 'Jessica', 'Emma', 'Olivia', 'Sophie', 'Anna', 'Laura',
  'Rachel', 'Hannah', 'Grace', 'Chloe', 'Charlotte', 'Julia', 'Claire', 'Megan', 'Lisa', 'Amelia', 'Mia',
  'Lena', 'Marie', 'Camille', 'Yuki', 'Aiko', 'Priya', 'Isabella', 'Natalie', 'Victoria', 'Zoe',
] as const

// biome-ignore format: a word list
const EN_FAMILY = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'Thomas', 'Moore', 'Martin', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young',
  'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner',
  'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Dubois', 'Lefèvre', 'Bernard', 'Moreau',
  'Tanaka', 'Suzuki', 'Sato', 'Takahashi', 'Tan', 'Lim', 'Ng', 'Patel', 'Nguyen', "O'Brien",
] as const

const SURNAME_WEIGHTS = SURNAMES.map(([zh, py, w]) => [[zh, py] as const, w] as const)

/** `Müller` → `muller`, `O'Brien` → `obrien`: what fits in the local part of an e-mail address. */
export function toAscii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** A Chinese name: a surname drawn by frequency and one or two given-name characters. */
export function chineseName(
  rng: Rng,
  gender: 'male' | 'female' = rng.chance(0.5) ? 'male' : 'female',
): PersonName {
  const [family, familyPy] = rng.weighted(SURNAME_WEIGHTS)
  const chars = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE
  const first = rng.pick(chars)
  let given = [first]
  // two-character given names are the majority; the two characters differ
  if (rng.chance(0.65)) {
    let second = rng.pick(chars)
    while (second[0] === first[0]) second = rng.pick(chars)
    given = [first, second]
  }
  const givenZh = given.map(([c]) => c).join('')
  return {
    name: family + givenZh,
    family_name: family,
    given_name: givenZh,
    latin: { family: familyPy, given: given.map(([, p]) => p).join('') },
    script: 'zh',
    gender,
  }
}

/** A Western (or Western-written) name: `Emily Carter`. */
export function englishName(
  rng: Rng,
  gender: 'male' | 'female' = rng.chance(0.5) ? 'male' : 'female',
): PersonName {
  const given = rng.pick(gender === 'male' ? EN_GIVEN_MALE : EN_GIVEN_FEMALE)
  const family = rng.pick(EN_FAMILY)
  return {
    name: `${given} ${family}`,
    family_name: family,
    given_name: given,
    latin: { family: toAscii(family), given: toAscii(given) },
    script: 'en',
    gender,
  }
}

/** The fixed name every demo contains, so `zw`, `zhangwei` and `张伟` always find someone. */
export const ZHANG_WEI: PersonName = {
  name: '张伟',
  family_name: '张',
  given_name: '伟',
  latin: { family: 'zhang', given: 'wei' },
  script: 'zh',
  gender: 'male',
}
