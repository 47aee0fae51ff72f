import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { errors } from '../errors.ts'

export interface StoredFile {
  /** where the bytes are, relative to the storage root */
  key: string
  size: number
  sha256: string
}

/** Where file bytes live. Local disk today; an S3-compatible store can implement the same three calls. */
export interface FileStorage {
  /** Streams `body` in, at most `maxBytes` (413 beyond, nothing kept). Same content, same key, per workspace. */
  put(workspaceId: string, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StoredFile>
  open(key: string): Promise<Readable>
  remove(key: string): Promise<void>
}

/**
 * Files under `root/<workspace>/<sha256[0..2]>/<sha256>`: written to `root/tmp` while hashed and counted,
 * then renamed into place, so a half-uploaded file is never visible and identical uploads share bytes.
 */
export function diskStorage(root: string): FileStorage {
  return {
    async put(workspaceId, body, maxBytes) {
      const tmpDir = join(root, 'tmp')
      await mkdir(tmpDir, { recursive: true })
      const tmp = join(tmpDir, randomUUID())
      const hash = createHash('sha256')
      const out = createWriteStream(tmp, { flags: 'wx' })
      let size = 0
      const reader = body.getReader()
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          size += value.byteLength
          if (size > maxBytes) {
            await reader.cancel().catch(() => {})
            throw errors.payloadTooLarge(`${Math.round(maxBytes / 1024 / 1024)} MB`)
          }
          hash.update(value)
          if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()))
        }
        await new Promise<void>((resolve, reject) =>
          out.end((err?: Error | null) => (err ? reject(err) : resolve())),
        )
      } catch (e) {
        // the file may still be opening: wait until the stream is closed, then remove what it left
        await new Promise<void>((resolve) => {
          if (out.closed) resolve()
          else out.once('close', () => resolve()).destroy()
        })
        await rm(tmp, { force: true })
        throw e
      }
      const sha256 = hash.digest('hex')
      const key = `${workspaceId}/${sha256.slice(0, 2)}/${sha256}`
      const target = join(root, key)
      await mkdir(dirname(target), { recursive: true })
      await rename(tmp, target)
      return { key, size, sha256 }
    },
    async open(key) {
      const path = join(root, key)
      await stat(path)
      return createReadStream(path)
    },
    async remove(key) {
      await rm(join(root, key), { force: true })
    },
  }
}
