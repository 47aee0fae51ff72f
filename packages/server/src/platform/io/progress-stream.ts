import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'

/** How often a stream reads the job again (ms). */
const EVERY_MS = 1000
/** An idle stream sends a comment after this many unchanged reads, so proxies keep it open. */
const KEEP_ALIVE_EVERY = 25

/**
 * Server-Sent Events of a long job (ARCHITECTURE rule 6; imports and exports): `event: progress` with the
 * job as its GET returns it, at once and then whenever it changed (read about once a second), until it
 * reaches a final status, where the stream ends. `load` makes the GET's own checks: a job the caller may not
 * see answers its problem (404…) before the stream starts.
 */
export async function progressStream<T extends { status: string }>(
  c: Context,
  load: () => Promise<T>,
  isFinal: (status: T['status']) => boolean,
): Promise<Response> {
  const first = await load()
  return streamSSE(c, async (stream) => {
    let last = JSON.stringify(first)
    await stream.writeSSE({ event: 'progress', data: last })
    let final = isFinal(first.status)
    let idle = 0
    while (!final && !stream.aborted && !stream.closed) {
      await stream.sleep(EVERY_MS)
      const now = await load()
      const text = JSON.stringify(now)
      final = isFinal(now.status)
      if (text !== last) {
        last = text
        idle = 0
        await stream.writeSSE({ event: 'progress', data: text })
      } else if (++idle % KEEP_ALIVE_EVERY === 0) await stream.write(': keep-alive\n\n')
    }
  })
}
