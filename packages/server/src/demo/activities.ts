import type { Rng } from './rng.ts'

export type DemoActivityType = 'note' | 'task' | 'call' | 'meeting' | 'email'

export interface ActivityDraft {
  type: DemoActivityType
  subject: string
  body: string
  occurred_at: string
  due_at?: string
  done?: boolean
}

export interface ActivityContext {
  lang: 'zh' | 'en'
  person: string | null
  company: string | null
  now: Date
}

interface Phrases {
  topics: readonly string[]
  reactions: readonly string[]
  next: readonly string[]
  facts: readonly string[]
  templates: Record<DemoActivityType, readonly (readonly [subject: string, body: string])[]>
}

const ZH: Phrases = {
  topics: [
    '年度采购计划',
    '产品报价',
    '合同条款',
    '续约事宜',
    '技术方案',
    '售后问题',
    '试用反馈',
    '付款进度',
    '新版本功能',
    '培训安排',
    '渠道合作',
    '招标进展',
    '数据迁移',
    '系统对接',
  ],
  reactions: [
    '对方很感兴趣',
    '需要内部再讨论',
    '预算已经批下来了',
    '希望价格再优惠一些',
    '对方案比较满意',
    '担心实施周期太长',
    '决策人下周出差，需要延后',
    '已经在和竞品比较',
  ],
  next: [
    '发送正式报价',
    '安排现场演示',
    '约技术负责人深入交流',
    '准备合同初稿',
    '下周再跟进',
    '邀请参加线下沙龙',
    '提供两个同行业案例',
  ],
  facts: [
    '公司今年计划扩张华东市场',
    '决策链：采购 → 技术 → 总经理',
    '偏好微信沟通，电话常不接',
    '目前在用某国际厂商的系统',
    '对上一任供应商的服务不满意',
    '财年从四月开始',
    '明年有上市计划',
    '采购流程需要三家比价',
  ],
  templates: {
    call: [
      ['电话沟通：{topic}', '与{person}电话沟通{topic}，{reaction}。下一步：{next}。'],
      ['回访{person}', '回访{person}，了解{topic}的情况，{reaction}。'],
      ['{company} 来电', '{person}来电询问{topic}，已解答。{reaction}，计划{next}。'],
    ],
    meeting: [
      ['拜访{company}', '上门拜访{company}，与{person}及其团队讨论{topic}。{reaction}。下一步：{next}。'],
      ['{topic}会议', '线上会议，参会：{person}。议题：{topic}。结论：{reaction}。'],
      ['产品演示', '为{company}做产品演示，重点介绍{topic}。{reaction}。'],
    ],
    note: [
      ['客户背景', '{person}负责{topic}相关工作。{fact}。'],
      ['备注', '{fact}。'],
      ['{company} 情况', '{fact}；{reaction}。'],
    ],
    task: [
      ['{next}', '跟进{person}：{topic}。'],
      ['发送报价单给{person}', '按上次沟通的数量重新核算报价。'],
      ['准备{company}的合同', '法务审核后发给{person}确认。'],
      ['整理会议纪要并发给{person}', '附上{topic}的要点。'],
    ],
    email: [
      ['关于{topic}的资料', '{person}您好：\n\n附件是{topic}的相关资料，请查收。如有问题随时联系。\n\n祝好'],
      ['Re: {topic}', '{person}您好，感谢回复。关于{topic}，我们建议{next}，您看是否方便？'],
      ['{company} 报价单', '{person}您好：\n\n按照您的需求，附上最新报价，有效期 30 天。'],
    ],
  },
}

const EN: Phrases = {
  topics: [
    'the annual purchasing plan',
    'pricing',
    'contract terms',
    'the renewal',
    'the technical proposal',
    'a support issue',
    'trial feedback',
    'the payment schedule',
    'the new release',
    'onboarding training',
    'a channel partnership',
    'the tender',
    'data migration',
    'the API integration',
  ],
  reactions: [
    'they are very interested',
    'they need to discuss internally',
    'the budget is approved',
    'they asked for a better price',
    'they liked the proposal',
    'they worry about the rollout time',
    'the decision maker is travelling next week',
    'they are comparing us with a competitor',
  ],
  next: [
    'send a formal quote',
    'schedule an on-site demo',
    'set up a call with their CTO',
    'draft the contract',
    'follow up next week',
    'invite them to our customer day',
    'share two customer stories from their industry',
  ],
  facts: [
    'They plan to expand into East China this year',
    'Buying process: procurement → IT → managing director',
    'Prefers e-mail over calls',
    'Currently uses a legacy on-premise system',
    'Unhappy with their previous vendor',
    'Fiscal year starts in April',
    'Needs three competing quotes for any purchase',
  ],
  templates: {
    call: [
      ['Call: {topic}', 'Called {person} about {topic}; {reaction}. Next: {next}.'],
      ['Follow-up call with {person}', 'Checked in with {person} on {topic}. {reaction}.'],
      [
        'Inbound call from {company}',
        '{person} called about {topic}. Answered their questions; next we {next}.',
      ],
    ],
    meeting: [
      [
        'Visit to {company}',
        'Met {person} and team at their office to discuss {topic}. {reaction}. Next: {next}.',
      ],
      ['Meeting: {topic}', 'Video call with {person}. Agenda: {topic}. Outcome: {reaction}.'],
      ['Product demo', 'Demo for {company}, focused on {topic}. {reaction}.'],
    ],
    note: [
      ['Account background', '{person} owns {topic} on their side. {fact}.'],
      ['Note', '{fact}.'],
      ['About {company}', '{fact}; {reaction}.'],
    ],
    task: [
      ['{next}', 'Follow up with {person} on {topic}.'],
      ['Send quote to {person}', 'Recalculate with the volumes from our last call.'],
      ['Prepare contract for {company}', 'Legal review first, then send to {person}.'],
      ['Send meeting notes to {person}', 'Include the key points on {topic}.'],
    ],
    email: [
      [
        'Materials on {topic}',
        'Hi {person},\n\nPlease find attached the materials on {topic}. Happy to answer any questions.\n\nBest regards',
      ],
      [
        'Re: {topic}',
        'Hi {person}, thanks for your reply. On {topic}, we suggest we {next}. Would that work for you?',
      ],
      ['Quote for {company}', 'Hi {person},\n\nAttached is our updated quote, valid for 30 days.'],
    ],
  },
}

const TYPE_WEIGHTS: readonly (readonly [DemoActivityType, number])[] = [
  ['call', 30],
  ['meeting', 15],
  ['note', 15],
  ['task', 25],
  ['email', 15],
]

const DAY = 86_400_000
const BEIJING = 8 * 3_600_000

/**
 * A moment on a working day between 9:00 and 18:00 Beijing time, about `daysAgo` days before `now`
 * (negative: after it). Past moments never lie after `now`; future ones are at least a day ahead.
 */
function workingMoment(rng: Rng, now: Date, daysAgo: number): Date {
  const past = daysAgo >= 0
  const local = new Date(now.getTime() + BEIJING - daysAgo * DAY)
  local.setUTCHours(rng.int(9, 17), rng.pick([0, 10, 15, 20, 30, 40, 45, 50]), 0, 0)
  // later today is still to come: then it happened on the day before
  if (past && local.getTime() - BEIJING > now.getTime()) local.setTime(local.getTime() - DAY)
  const weekday = local.getUTCDay()
  if (weekday === 6) local.setTime(local.getTime() + (past ? -1 : 2) * DAY)
  if (weekday === 0) local.setTime(local.getTime() + (past ? -2 : 1) * DAY)
  return new Date(local.getTime() - BEIJING)
}

function fill(template: string, rng: Rng, p: Phrases, words: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in words)) {
      const list =
        key === 'fact' ? p.facts : key === 'reaction' ? p.reactions : key === 'next' ? p.next : p.topics
      words[key] = rng.pick(list)
    }
    return words[key]!
  })
}

/**
 * One timeline entry for a person (and their company) in the last twelve months, more of them recent:
 * a call, meeting, note, e-mail or task (tasks have a due date; past ones are mostly done, a few overdue).
 */
export function demoActivity(
  rng: Rng,
  ctx: ActivityContext,
  type: DemoActivityType = rng.weighted(TYPE_WEIGHTS),
): ActivityDraft {
  const p = ctx.lang === 'zh' ? ZH : EN
  // without a person (a note on the company), only templates that do not name one
  const all = p.templates[type]
  const fitting = ctx.person ? all : all.filter(([s, b]) => !`${s}${b}`.includes('{person}'))
  const [subjectT, bodyT] = rng.pick(fitting.length ? fitting : all)
  const words: Record<string, string> = {
    person: ctx.person ?? (ctx.lang === 'zh' ? '对方' : 'the customer'),
    company: ctx.company ?? (ctx.lang === 'zh' ? '客户' : 'the customer'),
  }
  let subject = fill(subjectT, rng, p, words)
  if (ctx.lang === 'en') subject = subject.charAt(0).toUpperCase() + subject.slice(1)
  const body = fill(bodyT, rng, p, words)
  const upcoming = type === 'task' && rng.chance(0.35)
  // skewed towards the recent past: a CRM in use has more fresh history than old
  const daysAgo = upcoming ? rng.int(0, 10) : Math.floor(360 * rng.next() ** 1.6)
  const occurred = workingMoment(rng, ctx.now, daysAgo)
  const draft: ActivityDraft = { type, subject, body, occurred_at: occurred.toISOString() }
  if (type === 'task') {
    const due = upcoming
      ? workingMoment(rng, ctx.now, -rng.int(1, 21))
      : new Date(occurred.getTime() + rng.int(1, 10) * DAY)
    draft.due_at = due.toISOString()
    draft.done = !upcoming && due.getTime() < ctx.now.getTime() && rng.chance(0.85)
  }
  return draft
}
