import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { queueQueries } from './connect.ts'

/** A stand-in for a pg client: records what reaches its prototype's query and answers when told. */
class FakeClient {
  started: unknown[][] = []
  answers: ((v: unknown) => void)[] = []
  query(...args: unknown[]): unknown {
    this.started.push(args)
    if (typeof args[0] !== 'string' || typeof args[args.length - 1] === 'function') return 'passed'
    return new Promise((resolve) => this.answers.push(resolve))
  }
}

describe('queueQueries', () => {
  it('sends a promise query only after the one before it has answered, in call order', async () => {
    const c = new FakeClient()
    queueQueries(c as unknown as pg.PoolClient)
    const a = c.query('select 1')
    const b = c.query('select 2', [2])
    await Promise.resolve()
    expect(c.started).toEqual([['select 1']])
    c.answers[0]!('one')
    expect(await a).toBe('one')
    await Promise.resolve()
    expect(c.started).toEqual([['select 1'], ['select 2', [2]]])
    c.answers[1]!('two')
    expect(await b).toBe('two')
  })

  it('a failed query does not stop the next; streams and callback calls go through at once', async () => {
    const c = new FakeClient()
    queueQueries(c as unknown as pg.PoolClient)
    const a = c.query('bad') as Promise<unknown>
    const b = c.query('good') as Promise<unknown>
    await Promise.resolve()
    // a cursor object and the pool's callback form are not queued
    const cursor = { submit() {} }
    expect(c.query(cursor)).toBe('passed')
    expect(c.query('select 3', [], () => {})).toBe('passed')
    ;(c.answers[0] as unknown as (v: unknown) => void)(Promise.reject(new Error('boom')))
    await expect(a).rejects.toThrow('boom')
    await new Promise((r) => setImmediate(r))
    c.answers[1]!('ok')
    expect(await b).toBe('ok')
    expect(c.started.map((x) => x[0])).toEqual(['bad', cursor, 'select 3', 'good'])
  })
})
