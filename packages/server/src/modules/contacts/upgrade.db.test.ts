import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.ts'
import { createKernel, syncWorkspaces } from '../../kernel.ts'
import type { Database } from '../../platform/db/connect.ts'
import { withWorkspace } from '../../platform/db/tx.ts'
import { AppError } from '../../platform/errors.ts'
import { waitFor } from '../../platform/events/test-support.ts'
import { defineModule } from '../../platform/modules.ts'
import { keyIndexOf } from '../../platform/records/duplicates/key-build.ts'
import { createTestDb } from '../../test/test-db.ts'
import { company, person } from './objects.ts'

/** The contact objects as the platform core declared them, before this module completed them. */
const OLD_FIELDS: Record<string, string[]> = {
  company: ['name', 'industry', 'website', 'phone', 'address', 'employees', 'annual_revenue', 'tags'],
  person: ['name', 'family_name', 'given_name', 'company', 'title', 'email', 'mobile', 'address', 'tags'],
}
const oldContacts = defineModule({
  name: 'contacts',
  objects: [company, person].map(({ dedup: _dedup, ...o }) => ({
    ...o,
    fields: o.fields.filter((f) => OLD_FIELDS[o.name]!.includes(f.name)),
  })),
})

describe('upgrading a workspace made before the contact fields and the duplicate check', () => {
  let database: Database
  afterAll(async () => {
    await database?.close()
  })

  it('adds the new fields, turns the check on and indexes the records that were there in the background', async () => {
    database = await createTestDb()
    const config = { ...loadConfig({}), filesDir: mkdtempSync(join(tmpdir(), 'kemai-files-')) }
    const before = createKernel(database, config, [oldContacts])
    const created = await before.createWorkspace({
      name: 'Old',
      slug: 'old',
      owner: {
        email: `old-${process.pid}@example.com`,
        name: 'Old owner',
        password: 'correct horse battery',
      },
    })
    const actorOf = (k: typeof before) =>
      k.services.access.loadActor({
        workspaceId: created.workspace.id,
        userId: created.owner.id,
        channel: 'api',
        locale: 'en',
      })
    const oldActor = await actorOf(before)
    const zhang = await before.services.records.create(oldActor, 'person', {
      name: '张伟',
      mobile: '13812345678',
    })
    // the old schema had no duplicate check: the same person again is fine
    await before.services.records.create(oldActor, 'person', { name: 'Zhang Wei', email: 'zw@example.com' })
    const oldSchema = await before.services.metadata.getSchema(oldActor)
    expect(oldSchema.objects.get('person')!.fields.some((f) => f.name === 'wechat')).toBe(false)
    expect(oldSchema.objects.get('person')!.dedup).toBe(false)

    const after = createKernel(database, config)
    expect(await syncWorkspaces(after)).toBe(1)
    const actor = await actorOf(after)
    const schema = await after.services.metadata.getSchema(actor)
    const personDef = schema.objects.get('person')!
    expect(personDef.dedup).toBe(true)
    for (const f of ['wechat', 'birthday', 'other_phone', 'name_pinyin'])
      expect(
        personDef.fields.some((x) => x.name === f),
        f,
      ).toBe(true)
    expect(schema.objects.get('company')!.fields.find((f) => f.name === 'credit_code')?.options.format).toBe(
      'credit_code',
    )
    // old records read with the new fields empty
    const got = await after.services.records.get(actor, 'person', zhang.id)
    expect(got).toMatchObject({ name: '张伟', wechat: null, birthday: null })

    // the start only queued the key index's build (no worker had created its queue yet); the worker's
    // start enqueues it and runs it: then the old records are in the index and a duplicate of one is found
    const state = async () =>
      withWorkspace(database.db, created.workspace.id, (trx) =>
        keyIndexOf(trx, created.workspace.id, personDef),
      )
    expect(await state()).toMatchObject({ status: 'building', done: 0 })
    await after.startWorker()
    const built = await waitFor(state, (s) => s?.status === 'ready')
    expect(built).toMatchObject({ status: 'ready', done: 2, total: 2 })
    const err = await after.services.records
      .create(actor, 'person', { name: '张伟', mobile: '+86 138 1234 5678' })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('duplicate_candidates')
    const ids = ((err as AppError).extra.candidates as { id: string }[]).map((c) => c.id)
    expect(ids).toContain(zhang.id)

    // a second start changes nothing; a workspace that turned the check off keeps it off
    expect(await syncWorkspaces(after)).toBe(0)
    await after.services.metadata.updateObject(actor, 'person', { dedup: false })
    expect(await syncWorkspaces(after)).toBe(0)
    const off = await after.services.metadata.getSchema(actor)
    expect(off.objects.get('person')!.dedup).toBe(false)
    const fine = await after.services.records.create(actor, 'person', { name: '张伟', mobile: '13812345678' })
    expect(fine.id).toBeTruthy()
    await before.stop()
    await after.stop()
  })
})
