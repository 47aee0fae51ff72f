/** The demo company's sales organisation: who logs in, in which team, with which default role. */

export type TeamKey = 'root' | 'east' | 'shanghai' | 'hangzhou' | 'south' | 'intl'
export type UserKey =
  | 'owner'
  | 'director'
  | 'eastManager'
  | 'southManager'
  | 'shanghaiRep'
  | 'hangzhouRep'
  | 'southRep'
  | 'intlRep'

export interface DemoTeam {
  key: Exclude<TeamKey, 'root'>
  name: string
  parent: TeamKey
}

export interface DemoUser {
  key: UserKey
  email: string
  name: string
  locale: 'zh-CN' | 'en'
  /** one of the roles every workspace starts with */
  role: 'admin' | 'salesManager' | 'salesRep'
  teams: readonly { team: TeamKey; manager: boolean }[]
}

export const DEMO_EMAIL = 'demo@kemai.local'
export const DEMO_PASSWORD = 'kemai-demo'

/** Created under the workspace's root team (全公司), parents first. */
export const DEMO_TEAMS: readonly DemoTeam[] = [
  { key: 'east', name: '华东销售部', parent: 'root' },
  { key: 'shanghai', name: '上海组', parent: 'east' },
  { key: 'hangzhou', name: '杭州组', parent: 'east' },
  { key: 'south', name: '华南销售部', parent: 'root' },
  { key: 'intl', name: 'International Sales', parent: 'root' },
]

/** Every demo user signs in with DEMO_PASSWORD. The owner already exists with the workspace. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: 'owner',
    email: DEMO_EMAIL,
    name: '林晓',
    locale: 'zh-CN',
    role: 'admin',
    teams: [{ team: 'root', manager: true }],
  },
  {
    key: 'director',
    email: 'jianguo.wang@kemai.local',
    name: '王建国',
    locale: 'zh-CN',
    role: 'salesManager',
    teams: [
      { team: 'root', manager: true },
      { team: 'intl', manager: true },
    ],
  },
  {
    key: 'eastManager',
    email: 'jing.li@kemai.local',
    name: '李静',
    locale: 'zh-CN',
    role: 'salesManager',
    teams: [{ team: 'east', manager: true }],
  },
  {
    key: 'southManager',
    email: 'zhiqiang.chen@kemai.local',
    name: '陈志强',
    locale: 'zh-CN',
    role: 'salesManager',
    teams: [{ team: 'south', manager: true }],
  },
  {
    key: 'shanghaiRep',
    email: 'min.zhang@kemai.local',
    name: '张敏',
    locale: 'zh-CN',
    role: 'salesRep',
    teams: [{ team: 'shanghai', manager: false }],
  },
  {
    key: 'hangzhouRep',
    email: 'yang.liu@kemai.local',
    name: '刘洋',
    locale: 'zh-CN',
    role: 'salesRep',
    teams: [{ team: 'hangzhou', manager: false }],
  },
  {
    key: 'southRep',
    email: 'li.huang@kemai.local',
    name: '黄丽',
    locale: 'zh-CN',
    role: 'salesRep',
    teams: [{ team: 'south', manager: false }],
  },
  {
    key: 'intlRep',
    email: 'emily.carter@kemai.local',
    name: 'Emily Carter',
    locale: 'en',
    role: 'salesRep',
    teams: [{ team: 'intl', manager: false }],
  },
]
