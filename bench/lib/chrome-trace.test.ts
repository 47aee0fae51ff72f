import { describe, expect, it } from 'vitest'
import { summariseLongTasks } from './chrome-trace.ts'

const main = { pid: 1, tid: 10 }
const x = (name: string, ts: number, dur: number, at = main) => ({ name, ph: 'X', ts, dur, ...at })

// a renderer main thread with a short task and a 120 ms one (script with a nested GC, then style); the
// CPU profile's chunks come from another thread of the same process, as Chromium writes them
const trace = {
  traceEvents: [
    { name: 'thread_name', ph: 'M', ts: 0, ...main, args: { name: 'CrRendererMain' } },
    { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 11, args: { name: 'Compositor' } },
    x('RunTask', 1_000, 5_000),
    x('FunctionCall', 1_100, 4_000),
    x('RunTask', 10_000, 120_000),
    x('FunctionCall', 10_000, 70_000),
    x('MinorGC', 20_000, 10_000),
    x('UpdateLayoutTree', 80_000, 40_000),
    // a long task on another thread is not the page's
    x('RunTask', 10_000, 500_000, { pid: 1, tid: 11 }),
    { name: 'Profile', ph: 'P', id: '0x1', ts: 0, pid: 1, tid: 12, args: { data: { startTime: 9_000 } } },
    {
      name: 'ProfileChunk',
      ph: 'P',
      id: '0x1',
      ts: 0,
      pid: 1,
      tid: 12,
      args: {
        data: {
          cpuProfile: {
            nodes: [
              { id: 1, callFrame: { functionName: '(root)', lineNumber: -1 } },
              {
                id: 2,
                parent: 1,
                callFrame: { functionName: 'renderRow', url: 'http://h/a/List.js', lineNumber: 9 },
              },
            ],
            samples: [2, 2, 2],
          },
          // at 9,000 (outside any long task), 11,000 and 13,000 µs
          timeDeltas: [0, 2_000, 2_000],
        },
      },
    },
  ],
}

describe('summariseLongTasks', () => {
  it('lists the main thread tasks over the threshold with their events by self time', () => {
    const s = summariseLongTasks(trace, 50)
    expect(s.tasks).toBe(2)
    expect(s.longTasks).toHaveLength(1)
    const [task] = s.longTasks
    expect(task!.durMs).toBe(120)
    expect(task!.atMs).toBe(9)
    expect(Object.fromEntries(task!.events)).toEqual({
      FunctionCall: 60,
      UpdateLayoutTree: 40,
      MinorGC: 10,
      '(task, untraced)': 10,
    })
  })

  it('counts the sampled functions inside long tasks only', () => {
    const s = summariseLongTasks(trace, 50)
    expect(s.functions).toEqual([['renderRow List.js:10:1', 4]])
  })

  it('gives empty figures for a trace without a renderer', () => {
    expect(summariseLongTasks({ traceEvents: [] }, 50)).toEqual({ tasks: 0, longTasks: [], functions: [] })
    expect(summariseLongTasks({ traceEvents: [x('RunTask', 0, 200_000)] }, 50).longTasks).toEqual([])
  })
})
