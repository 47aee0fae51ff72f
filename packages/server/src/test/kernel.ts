import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { OpenAPIHono } from '@hono/zod-openapi'
import { type Config, loadConfig } from '../config.ts'
import { buildApp } from '../http/app.ts'
import type { AppEnv } from '../http/context.ts'
import { createKernel, type Kernel } from '../kernel.ts'
import type { Actor } from '../platform/access/actor.ts'
import type { CreatedWorkspace } from '../platform/access/workspace.service.ts'
import type { Database } from '../platform/db/connect.ts'
import { createTestDb } from './test-db.ts'

export interface TestWorkspace {
  created: CreatedWorkspace
  /** the owner (admin) as an actor */
  admin: Actor
  /** a session token of the owner, for `Authorization: Bearer` */
  token: string
  email: string
  password: string
}

export interface TestKernel {
  database: Database
  kernel: Kernel
  app: OpenAPIHono<AppEnv>
  workspace(slug: string): Promise<TestWorkspace>
  /** `app.request` with JSON body, bearer token and Accept-Language */
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string>; locale?: string },
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response bodies
  ): Promise<{ status: number; body: any; headers: Headers }>
  close(): Promise<void>
}

let seq = 0

/** A fresh database, the whole kernel and the HTTP app over it: what route and service tests start from. */
export async function createTestKernel(overrides: Partial<Config> = {}): Promise<TestKernel> {
  const database = await createTestDb()
  // test subscribers listen on 127.0.0.1, which production refuses as a webhook target (SSRF)
  const config = {
    ...loadConfig({}),
    rateLimitPerIp: 100_000,
    rateLimitPerKey: 100_000,
    webhookAllowPrivate: true,
    filesDir: mkdtempSync(join(tmpdir(), 'kemai-files-')),
    ...overrides,
  }
  const kernel = createKernel(database, config)
  const app = buildApp(kernel.services)
  const t: TestKernel = {
    database,
    kernel,
    app,
    async workspace(slug) {
      const email = `owner-${slug}-${process.pid}-${seq++}@example.com`
      const password = 'correct horse battery'
      const created = await kernel.createWorkspace({
        name: `WS ${slug}`,
        slug,
        owner: { email, name: `Owner ${slug}`, password },
      })
      const login = await kernel.services.access.auth.login(email, password, {})
      const admin = await kernel.services.access.loadActor({
        workspaceId: created.workspace.id,
        userId: created.owner.id,
        channel: 'api',
        locale: 'en',
      })
      return { created, admin, token: login.token, email, password }
    },
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = {
        'accept-language': opts.locale ?? 'en',
        ...(opts.headers ?? {}),
      }
      if (opts.token) headers.authorization = `Bearer ${opts.token}`
      let body: string | undefined
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
        headers['content-type'] ??= 'application/json'
      }
      const res = await app.request(path, { method, headers, body })
      const text = await res.text()
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : null
      } catch {
        // not JSON (metrics, docs)
      }
      return { status: res.status, body: parsed, headers: res.headers }
    },
    async close() {
      await kernel.stop()
      await database.close()
    },
  }
  return t
}
