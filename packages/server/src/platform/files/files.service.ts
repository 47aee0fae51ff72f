import type { Readable } from 'node:stream'
import type { FileInfo } from '@kemai/shared/api/files.api'
import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { canObject } from '../access/permissions.ts'
import { audit } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { AppError, errors } from '../errors.ts'
import type { RecordsService } from '../records/service.ts'
import type { FileStorage } from './storage.ts'

export interface FileRow {
  id: string
  name: string
  mime: string | null
  size: number
  sha256: string
  storage_key: string
  object_name: string | null
  record_id: string | null
  field_name: string | null
  created_by: string | null
  created_at: Date
}

export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/
/** Types a browser would render inline as active content: always served as a download. */
const ACTIVE =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)/

/** A safe display name: no path, no control characters, at most 255 characters. */
export function cleanFileName(raw: string): string | null {
  const base = raw.split(/[\\/]/).pop() ?? ''
  const name = [...base]
    .filter((ch) => {
      const code = ch.codePointAt(0)!
      return code > 0x1f && code !== 0x7f
    })
    .join('')
    .trim()
    .slice(0, 255)
  return name === '' || name === '.' || name === '..' ? null : name
}

export function cleanMime(raw: string | undefined): string {
  const m = (raw ?? '').split(';')[0]!.trim().toLowerCase()
  return MIME.test(m) ? m : 'application/octet-stream'
}

/** How a file is served: active content never inline, everything with nosniff (routes.ts). */
export const servedInline = (mime: string): boolean => !ACTIVE.test(mime)

export function toFileInfo(r: FileRow): FileInfo {
  return {
    id: r.id,
    name: r.name,
    size: Number(r.size),
    mime: r.mime ?? 'application/octet-stream',
    sha256: r.sha256,
    object: r.object_name,
    recordId: r.record_id,
    field: r.field_name,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  }
}

const COLS = sql`id, name, mime, size, sha256, storage_key, object_name, record_id, field_name, created_by, created_at`

/**
 * Files: uploads streamed to storage, attached to a record (record page attachments) or referenced by a
 * record's `file` fields. Who may read a file: its uploader while it is attached to nothing, then whoever
 * may read the record it belongs to (scope included); admins always.
 */
export function createFileService(deps: {
  db: Db
  storage: FileStorage
  records: RecordsService
  maxBytes?: number
}) {
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES

  async function row(actor: Actor, id: string): Promise<FileRow> {
    if (!isUuid(id)) throw errors.notFound()
    const r = await withWorkspace(
      deps.db,
      actor.workspaceId,
      (trx) =>
        sql<FileRow>`select ${COLS} from file where workspace_id = ${actor.workspaceId} and id = ${id}`.execute(
          trx,
        ),
      { read: true },
    )
    const f = r.rows[0]
    if (!f) throw errors.notFound()
    return f
  }

  /** 404 unless the actor may read the file (see above). */
  async function readable(actor: Actor, f: FileRow): Promise<void> {
    if (actor.isAdmin) return
    if (f.object_name && f.record_id) {
      try {
        await deps.records.get(actor, f.object_name, f.record_id)
        return
      } catch (e) {
        if (e instanceof AppError && (e.status === 404 || e.status === 403)) throw errors.notFound()
        throw e
      }
    }
    if (f.created_by !== actor.userId) throw errors.notFound()
  }

  return {
    maxBytes,

    /**
     * Stores an upload. With `attachTo` the file becomes an attachment of that record, which the actor must
     * be able to read (as for adding a note); otherwise it waits, visible to its uploader only, until a
     * record's file field refers to it.
     */
    async upload(
      actor: Actor,
      input: {
        name: string
        mime?: string
        body: ReadableStream<Uint8Array> | null
        attachTo?: { object: string; id: string }
      },
    ): Promise<FileInfo> {
      if (!actor.userId && !actor.apiKeyId) throw errors.forbidden()
      const name = cleanFileName(input.name)
      if (!name) throw errors.validation([{ path: 'name', code: 'required' }])
      if (!input.body) throw errors.validation([{ path: 'body', code: 'required' }])
      if (input.attachTo) {
        if (!canObject(actor, input.attachTo.object, 'read')) throw errors.forbidden()
        await deps.records.get(actor, input.attachTo.object, input.attachTo.id)
      }
      const stored = await deps.storage.put(actor.workspaceId, input.body, maxBytes)
      const id = newId()
      const r = await withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        const ins = await sql<FileRow>`insert into file
            (workspace_id, id, name, mime, size, sha256, storage_key, object_name, record_id, created_by)
          values (${actor.workspaceId}, ${id}, ${name}, ${cleanMime(input.mime)}, ${stored.size}, ${stored.sha256},
            ${stored.key}, ${input.attachTo?.object ?? null}, ${input.attachTo?.id.toLowerCase() ?? null},
            ${actor.userId})
          returning ${COLS}`.execute(trx)
        return ins.rows[0]!
      })
      return toFileInfo(r)
    },

    async get(actor: Actor, id: string): Promise<FileInfo> {
      const f = await row(actor, id)
      await readable(actor, f)
      return toFileInfo(f)
    },

    /** The bytes, after the same check as get. */
    async open(actor: Actor, id: string): Promise<{ info: FileInfo; stream: Readable }> {
      const f = await row(actor, id)
      await readable(actor, f)
      try {
        return { info: toFileInfo(f), stream: await deps.storage.open(f.storage_key) }
      } catch {
        throw errors.notFound()
      }
    },

    /** Attachments and file-field files of a record, newest first (reading them needs reading the record). */
    async listFor(actor: Actor, object: string, recordId: string): Promise<FileInfo[]> {
      await deps.records.get(actor, object, recordId)
      const r = await withWorkspace(
        deps.db,
        actor.workspaceId,
        (trx) =>
          sql<FileRow>`select ${COLS} from file where workspace_id = ${actor.workspaceId}
            and object_name = ${object} and record_id = ${recordId.toLowerCase()}
            order by created_at desc, id desc limit 500`.execute(trx),
        { read: true },
      )
      return r.rows.map(toFileInfo)
    },

    /**
     * Deletes a file: its uploader, an admin, or someone who may update the record it is attached to.
     * A file still referenced by a file field keeps its row (409): remove it from the field first.
     */
    async remove(actor: Actor, id: string): Promise<void> {
      const f = await row(actor, id)
      await readable(actor, f)
      const mayUpdate = !!f.object_name && canObject(actor, f.object_name, 'update')
      if (!actor.isAdmin && f.created_by !== actor.userId && !mayUpdate) throw errors.forbidden()
      if (f.field_name)
        throw errors.conflict([{ path: 'field', code: 'in_use', params: { field: f.field_name } }])
      const lastCopy = await withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        await sql`delete from file where workspace_id = ${actor.workspaceId} and id = ${id}`.execute(trx)
        await audit(trx, {
          workspaceId: actor.workspaceId,
          action: 'file.deleted',
          actorId: actor.userId,
          apiKeyId: actor.apiKeyId,
          targetType: 'file',
          targetId: id,
          detail: { name: f.name, object: f.object_name, recordId: f.record_id },
        })
        return (await sameBytes(trx, actor.workspaceId, f.storage_key)) === 0
      })
      if (lastCopy) await deps.storage.remove(f.storage_key)
    },
  }
}

/** Rows still using the bytes: files, and background exports (content-addressed: an export may equal an upload). */
export async function sameBytes(trx: Tx, workspaceId: string, key: string): Promise<number> {
  const r = await sql<{ n: number }>`select
      (select count(*) from file where workspace_id = ${workspaceId} and storage_key = ${key})::int
      + (select count(*) from export_job where workspace_id = ${workspaceId} and storage_key = ${key})::int as n`.execute(
    trx,
  )
  return r.rows[0]?.n ?? 0
}

export type FileService = ReturnType<typeof createFileService>
