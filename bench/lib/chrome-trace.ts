// What ran in a page's long tasks, from a Chromium trace (playwright `browser.startTracing` with the
// timeline and CPU-profiler categories): per task over the threshold, the trace events by self time
// (script, style, layout, paint, GC…), and over all of them the JavaScript functions by self time from the
// sampled CPU profile. Used by `npm run bench -- web --trace`.

/** The categories `summariseLongTasks` reads. */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
]

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  id?: string
  args?: {
    name?: string
    data?: {
      startTime?: number
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }
      timeDeltas?: number[]
    }
  }
}
interface ProfileNode {
  id: number
  parent?: number
  callFrame: { functionName: string; url?: string; lineNumber: number; columnNumber?: number }
}

export interface LongTaskSummary {
  /** start relative to the first task of the thread, ms */
  atMs: number
  durMs: number
  /** trace events by self time inside the task, ms, largest first */
  events: [string, number][]
}

export interface TraceSummary {
  tasks: number
  longTasks: LongTaskSummary[]
  /** JavaScript functions by self time over all long tasks (sampled), ms, largest first */
  functions: [string, number][]
}

const round1 = (x: number) => Math.round(x * 10) / 10

export function summariseLongTasks(trace: { traceEvents: TraceEvent[] }, overMs: number): TraceSummary {
  const events = trace.traceEvents
  // the renderer's main thread: of the threads named CrRendererMain, the one with the most tasks
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  )
  const byThread = new Map<string, TraceEvent[]>()
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`
    if (e.ph !== 'X' || !mains.has(key)) continue
    const list = byThread.get(key) ?? []
    list.push(e)
    byThread.set(key, list)
  }
  let main: TraceEvent[] = []
  let mainKey = ''
  for (const [key, list] of byThread) {
    const n = list.filter((e) => e.name === 'RunTask').length
    if (n > main.filter((e) => e.name === 'RunTask').length) {
      main = list
      mainKey = key
    }
  }
  main.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const tasks = main.filter((e) => e.name === 'RunTask')
  const origin = tasks[0]?.ts ?? 0
  const long = tasks.filter((t) => (t.dur ?? 0) / 1000 > overMs)

  const longTasks: LongTaskSummary[] = long.map((task) => {
    const end = task.ts + (task.dur ?? 0)
    const inside: TraceEvent[] = []
    for (let i = firstAtOrAfter(main, task.ts); i < main.length && main[i]!.ts < end; i++)
      if (main[i] !== task) inside.push(main[i]!)
    // self time: each event's duration less its direct children's (events nest by time)
    const self = new Map<string, number>()
    const stack: { e: TraceEvent; end: number; child: number }[] = []
    const close = (upTo: number) => {
      while (stack.length && stack[stack.length - 1]!.end <= upTo) {
        const top = stack.pop()!
        const selfUs = (top.e.dur ?? 0) - top.child
        self.set(top.e.name, (self.get(top.e.name) ?? 0) + selfUs)
        if (stack.length) stack[stack.length - 1]!.child += top.e.dur ?? 0
      }
    }
    let topLevel = 0
    for (const e of inside) {
      close(e.ts)
      if (!stack.length) topLevel += e.dur ?? 0
      stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 })
    }
    close(Number.POSITIVE_INFINITY)
    self.set('(task, untraced)', (task.dur ?? 0) - topLevel)
    return {
      atMs: round1((task.ts - origin) / 1000),
      durMs: round1((task.dur ?? 0) / 1000),
      events: [...self]
        .map(([name, us]) => [name, round1(us / 1000)] as [string, number])
        .filter(([, ms]) => ms >= 1)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8),
    }
  })

  // the sampled CPU profile of the same process (its chunks come from the profiler's own thread): the
  // samples inside long tasks, by function
  const functions = new Map<string, number>()
  const pid = Number(mainKey.split(':')[0])
  const profiles = new Map<string, { t: number; nodes: Map<number, ProfileNode> }>()
  for (const e of events) {
    if (e.pid !== pid || !e.id) continue
    if (e.name === 'Profile') profiles.set(e.id, { t: e.args?.data?.startTime ?? e.ts, nodes: new Map() })
    if (e.name !== 'ProfileChunk') continue
    const p = profiles.get(e.id)
    if (!p) continue
    for (const n of e.args?.data?.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n)
    const samples = e.args?.data?.cpuProfile?.samples ?? []
    const deltas = e.args?.data?.timeDeltas ?? []
    for (let i = 0; i < samples.length; i++) {
      p.t += deltas[i] ?? 0
      // the long task that began last at or before the sample (a thread's tasks do not overlap)
      const task = long[firstAtOrAfter(long, p.t + 1) - 1]
      if (!task || p.t >= task.ts + (task.dur ?? 0)) continue
      const frame = p.nodes.get(samples[i]!)?.callFrame
      if (!frame) continue
      const file = (frame.url ?? '').split('/').pop() ?? ''
      const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${(frame.columnNumber ?? 0) + 1}`
      functions.set(name, (functions.get(name) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0))
    }
  }
  return {
    tasks: tasks.length,
    longTasks,
    functions: [...functions]
      .map(([name, us]) => [name, round1(us / 1000)] as [string, number])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25),
  }
}

/** The index of the first of `sorted` (by `ts`) at or after `ts`: its length when there is none. */
function firstAtOrAfter(sorted: { ts: number }[], ts: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]!.ts < ts) lo = mid + 1
    else hi = mid
  }
  return lo
}
