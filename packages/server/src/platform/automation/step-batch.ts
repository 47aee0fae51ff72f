import type { TimelineItem } from '@kemai/shared/api/records.api'
import type { Step, WorkflowDefinition } from '@kemai/shared/automation/definition'
import type { Actor } from '../access/actor.ts'
import type { Tx, WorkspaceInfo } from '../db/tx.ts'
import { errors } from '../errors.ts'
import { type EnqueueOptions, enqueueMany } from '../events/boss.ts'
import type { EventSink } from '../records/ports.ts'
import type { RecordsService } from '../records/service.ts'
import type { RecordData } from '../records/shape.ts'
import { writeActivities } from '../records/timeline.ts'

/**
 * The steps whose effects go through the StepBatch or are single statements on rows of their own run, so
 * runs of different records may take them side by side in one transaction. Approvals (locks and requests
 * read back), owner assignment (team load) and child workflows run one at a time.
 */
const LOCKSTEP_STEPS = new Set<Step['type']>([
  'condition',
  'switch',
  'update_record',
  'create_task',
  'add_note',
  'notify',
  'wait',
  'http',
  'send_email',
])

/** May runs of this definition go in lockstep? */
export const inLockstep = (def: WorkflowDefinition): boolean =>
  def.steps.every((s) => LOCKSTEP_STEPS.has(s.type))

type Records = Awaited<ReturnType<RecordsService['within']>>
export type ActivityItem = Parameters<typeof writeActivities>[2][number]

interface Waiter<T> {
  resolve(v: T): void
  reject(e: unknown): void
}
interface GetReq extends Waiter<RecordData> {
  actor: Actor
  object: string
  id: string
}
interface UpdateReq extends Waiter<RecordData> {
  actor: Actor
  object: string
  id: string
  input: unknown
}
interface JobReq extends Waiter<undefined> {
  queue: string
  data: object
  opts: EnqueueOptions
}
interface ActivityReq extends Waiter<TimelineItem[]> {
  actor: Actor
  items: ActivityItem[]
}

/**
 * Lockstep execution of the runs a listener batch starts (docs/automation.md, "Executor"). The runs of one
 * wave (distinct trigger records) advance concurrently in the batch's transaction; what their steps read and
 * write through this object — records by id, record updates, tasks and notes — is held until every run of
 * the wave waits on it (a barrier), then sent as one statement per object and kind: one read of 50 trigger
 * records instead of 50, one updateMany, one insert of 50 tasks, one insert of their jobs. Only for a batch's unguarded pass, where a
 * failing write throws and the whole batch is redone one event at a time.
 */
export class StepBatch {
  #active = 0
  #gets: GetReq[] = []
  #updates: UpdateReq[] = []
  #activities: ActivityReq[] = []
  #jobs: JobReq[] = []
  #flushing = false
  /** runs of the wave that joined, and the gathered statements sent for them (tests, the benchmark) */
  joined = 0
  flushes = 0

  constructor(
    private readonly trx: Tx,
    private readonly ws: WorkspaceInfo,
    private readonly records: RecordsService,
    private readonly events: EventSink,
  ) {}

  /** Runs `fn` as one participant of the wave: the barrier waits for it until it ends or asks. */
  async join<T>(fn: () => Promise<T>): Promise<T> {
    this.joined++
    this.#active++
    try {
      return await fn()
    } finally {
      this.#active--
      this.#check()
    }
  }

  get(actor: Actor, object: string, id: string): Promise<RecordData> {
    return this.#ask<RecordData>((w) => this.#gets.push({ ...w, actor, object, id }))
  }

  update(actor: Actor, object: string, id: string, input: unknown): Promise<RecordData> {
    return this.#ask<RecordData>((w) => this.#updates.push({ ...w, actor, object, id, input }))
  }

  activities(actor: Actor, items: ActivityItem[]): Promise<TimelineItem[]> {
    return this.#ask<TimelineItem[]>((w) => this.#activities.push({ ...w, actor, items }))
  }

  /** A job in the batch's transaction (enqueue), inserted with the other runs' in one statement. */
  enqueue(queue: string, data: object, opts: EnqueueOptions = {}): Promise<void> {
    return this.#ask<undefined>((w) => this.#jobs.push({ ...w, queue, data, opts }))
  }

  /** The records facade a run's steps use: reads and updates by id go through the batch. */
  recordsFor(rec: Records, actor: Actor): Records {
    return {
      ...rec,
      get: (object, id) => this.get(actor, object, id),
      update: (object, id, input, opts = {}) =>
        Object.keys(opts).length > 0
          ? rec.update(object, id, input, opts)
          : this.update(actor, object, id, input),
    }
  }

  #ask<T>(push: (w: Waiter<T>) => void): Promise<T> {
    const p = new Promise<T>((resolve, reject) => push({ resolve, reject }))
    this.#check()
    return p
  }

  get #waiting(): number {
    return this.#gets.length + this.#updates.length + this.#activities.length + this.#jobs.length
  }

  #check(): void {
    if (this.#flushing || this.#waiting === 0) return
    // after the current microtasks: participants that joined in the same tick are counted
    queueMicrotask(() => {
      if (!this.#flushing && this.#waiting > 0 && this.#waiting >= this.#active) void this.#flush()
    })
  }

  async #flush(): Promise<void> {
    this.#flushing = true
    const gets = this.#gets
    const updates = this.#updates
    const activities = this.#activities
    const jobs = this.#jobs
    this.#gets = []
    this.#updates = []
    this.#activities = []
    this.#jobs = []
    const settle: (() => void)[] = []
    const each = async <R extends Waiter<V>, V>(
      reqs: R[],
      keyOf: (r: R) => string,
      send: (group: R[]) => Promise<(V | Error)[]>,
    ) => {
      const groups = new Map<string, R[]>()
      for (const r of reqs) {
        const k = keyOf(r)
        const g = groups.get(k)
        if (g) g.push(r)
        else groups.set(k, [r])
      }
      for (const group of groups.values()) {
        this.flushes++
        try {
          const out = await send(group)
          group.forEach((r, i) => {
            const v = out[i]!
            settle.push(() => (v instanceof Error ? r.reject(v) : r.resolve(v as V)))
          })
        } catch (e) {
          for (const r of group) settle.push(() => r.reject(e))
        }
      }
    }
    try {
      // the runs' actors are workflow (system) actors: they read the same records
      await each(
        gets,
        (r) => `${r.object}:${r.actor.userId}`,
        async (group) => {
          const rec = await this.#records(group[0]!.actor)
          const found = await rec.getMany(
            group[0]!.object,
            group.map((r) => r.id),
          )
          return group.map((r) => found.get(r.id.toLowerCase()) ?? errors.recordNotFound())
        },
      )
      await each(
        updates,
        (r) => r.object,
        async (group) => {
          const rec = await this.#records(group[0]!.actor)
          return rec.updateMany(
            group[0]!.object,
            group.map((r) => ({ id: r.id, input: r.input, actor: r.actor })),
          )
        },
      )
      await each(
        activities,
        (r) => `${r.actor.userId}:${r.actor.channel}`,
        async (group) => {
          const written = await writeActivities(
            this.trx,
            group[0]!.actor,
            group.flatMap((r) => r.items),
            this.events,
          )
          let at = 0
          return group.map((r) => {
            const mine = written.slice(at, at + r.items.length)
            at += r.items.length
            return mine
          })
        },
      )
      await each(
        jobs,
        () => 'jobs',
        async (group) => {
          await enqueueMany(
            this.trx,
            group.map((r) => ({ queue: r.queue, data: r.data, opts: r.opts })),
          )
          return group.map(() => undefined)
        },
      )
    } finally {
      this.#flushing = false
      for (const s of settle) s()
      this.#check()
    }
  }

  #records(actor: Actor): Promise<Records> {
    return this.records.within(this.trx, this.ws, actor)
  }
}
