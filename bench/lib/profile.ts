import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
}

/** Optional V8 CPU profiles of the benchmark process (the server side), one per phase, with a top list. */
export class Profiler {
  private session: Session | null = null
  readonly dir = join(tmpdir(), `kemai-bench-profile-${process.pid}`)
  readonly tops: Record<string, { fn: string; selfPct: number }[]> = {}

  constructor(readonly enabled: boolean) {}

  async phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!this.enabled) return fn()
    if (!this.session) {
      this.session = new Session()
      this.session.connect()
      await this.session.post('Profiler.enable')
      await this.session.post('Profiler.setSamplingInterval', { interval: 200 })
      mkdirSync(this.dir, { recursive: true })
    }
    await this.session.post('Profiler.start')
    try {
      return await fn()
    } finally {
      const { profile } = (await this.session.post('Profiler.stop')) as unknown as { profile: Profile }
      writeFileSync(join(this.dir, `${name}.cpuprofile`), JSON.stringify(profile))
      this.tops[name] = top(profile, 25)
    }
  }

  close(): void {
    this.session?.disconnect()
  }
}

/** Self time per function (name + file:line), as a share of all samples, biggest first. */
export function top(profile: Profile, n: number): { fn: string; selfPct: number }[] {
  const self = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    if (!hits) continue
    total += hits
    const f = node.callFrame
    const where = f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : ''
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim()
    self.set(key, (self.get(key) ?? 0) + hits)
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([fn, hits]) => ({ fn, selfPct: Math.round((hits / total) * 1000) / 10 }))
}
