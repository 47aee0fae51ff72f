import { EventEmitter } from 'node:events'
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { BENCH_SQL } from './trace.ts'
import { WorkTracer } from './work-trace.ts'

/** A pool that hands out one fake client, whose query() answers by promise or, given one, by callback. */
function fakePool() {
  const pool = new EventEmitter()
  const client = {
    query(...args: unknown[]) {
      const cb = args[args.length - 1]
      const text = String(args[0])
      if (text.includes('boom')) {
        if (typeof cb === 'function') return setImmediate(() => cb(new Error('boom')))
        return Promise.reject(new Error('boom'))
      }
      if (typeof cb === 'function') return setImmediate(() => cb(null, { rows: [] }))
      return Promise.resolve({ rows: [] })
    },
  }
  return { pool: pool as unknown as pg.Pool, client: client as unknown as pg.PoolClient, emit: pool }
}

const classify = (t: string) => t.trim().split(/\s+/)[0]!.toLowerCase()
const tag = (t: string, v: unknown[]) =>
  t.startsWith('insert into processed_event') ? `listener ${v[0]}` : null

describe('WorkTracer', () => {
  it('groups statements into the transaction they ran in, named by the first one tag recognises', async () => {
    const { pool, client, emit } = fakePool()
    const tracer = new WorkTracer(classify, tag)
    tracer.install(pool)
    emit.emit('connect', client)
    tracer.active = true
    await client.query('begin; select set_config(…)')
    await client.query('savepoint kemai_job')
    await client.query('insert into processed_event (listener, event_id) values ($1, $2)', [
      'automation',
      'e1',
    ])
    await client.query('rollback to savepoint kemai_job')
    await client.query('select 1')
    await client.query('commit')
    const t = tracer.txs.get('listener automation')!
    expect(t).toMatchObject({ count: 1, statements: 6, maxStatements: 6 })
    // "rollback to savepoint" does not end the transaction
    expect(tracer.txs.size).toBe(1)
    expect(tracer.stats.get('insert')).toMatchObject({ count: 1 })
    expect(t.classes.get('select')).toMatchObject({ count: 1 })
  })

  it('counts a statement outside a transaction as its own, also when pg answers by callback', async () => {
    const { pool, client, emit } = fakePool()
    const tracer = new WorkTracer(classify, tag)
    tracer.install(pool)
    emit.emit('connect', client)
    tracer.active = true
    const answered = await new Promise((resolve) => {
      ;(client.query as (...a: unknown[]) => void)(
        'update pgboss.job set state = $1',
        ['active'],
        (err: unknown) => resolve(err ?? 'ok'),
      )
    })
    expect(answered).toBe('ok')
    expect(tracer.txs.get('(no transaction) update')).toMatchObject({ count: 1, statements: 1 })
    // a failing statement is timed too, and its error reaches the caller
    await expect(client.query('boom')).rejects.toThrow('boom')
    expect(tracer.stats.get('boom')).toMatchObject({ count: 1 })
  })

  it('ignores the benchmark’s own statements, and everything while inactive', async () => {
    const { pool, client, emit } = fakePool()
    const tracer = new WorkTracer(classify, tag)
    tracer.install(pool)
    emit.emit('connect', client)
    await client.query('select 1')
    tracer.active = true
    await client.query(`${BENCH_SQL}select count(*) from workflow_run`)
    expect(tracer.stats.size).toBe(0)
    expect(tracer.txs.size).toBe(0)
    tracer.reset()
    expect(tracer.stats.size).toBe(0)
  })
})
