import { MAX_EXPORT_JOB_ROWS } from '@kemai/shared/api/exports.api'
import type { Config } from './config.ts'
import { Metrics } from './http/metrics.ts'
import type { Services } from './http/services.ts'
import { MODULES } from './modules/index.ts'
import { createAccessServices } from './platform/access/access.services.ts'
import {
  type CreatedWorkspace,
  type CreateWorkspaceInput,
  createWorkspace,
  onWorkspaceCreated,
  type WorkspaceCreatedHook,
} from './platform/access/workspace.service.ts'
import { audit } from './platform/audit/audit.ts'
import { createApprovalLocks, createApprovalsService } from './platform/automation/approvals.service.ts'
import { createEngine } from './platform/automation/engine.ts'
import { automationListener } from './platform/automation/listener.ts'
import { externalJob, runJob } from './platform/automation/run-job.ts'
import { startScheduler } from './platform/automation/scheduler.ts'
import { createAutoAnalyze } from './platform/db/auto-analyze.ts'
import type { Database } from './platform/db/connect.ts'
import { withWorkspace } from './platform/db/tx.ts'
import { dedupScanJob } from './platform/dedup-review/job.ts'
import { OUTBOX_NOTIFY } from './platform/events/events.repo.ts'
import { appendEvents, appendEventsSql } from './platform/events/outbox.ts'
import { createRetention } from './platform/events/retention.ts'
import { type EventsRuntime, startEvents } from './platform/events/start-events.ts'
import { createFileService } from './platform/files/files.service.ts'
import { diskStorage } from './platform/files/storage.ts'
import { createCsvExporter } from './platform/io/csv-export.ts'
import { createExportJobService } from './platform/io/export-jobs/exports.service.ts'
import { exportJob } from './platform/io/export-jobs/job.ts'
import type { ExportRunnerDeps } from './platform/io/export-jobs/runner.ts'
import { createImportService } from './platform/io/import/imports.service.ts'
import { importJob } from './platform/io/import/job.ts'
import type { RunnerDeps } from './platform/io/import/runner.ts'
import { rootLogger } from './platform/log.ts'
import { createMetadataService } from './platform/metadata/service.ts'
import type { ModuleDef } from './platform/modules.ts'
import { createFollowService } from './platform/notifications/follow.ts'
import { createNotificationHub } from './platform/notifications/hub.ts'
import { notificationsListener } from './platform/notifications/listener.ts'
import { createNotificationService } from './platform/notifications/notifications.service.ts'
import { filterCompiler } from './platform/query/filter-compiler.ts'
import { keyBuildJob } from './platform/records/duplicates/key-build.job.ts'
import { requestKeyBuilds, resumeKeyBuilds } from './platform/records/duplicates/key-build.ts'
import { HookRegistry } from './platform/records/hooks.ts'
import { createMergeService } from './platform/records/merge/service.ts'
import type { EventSink } from './platform/records/ports.ts'
import { createRecordsService } from './platform/records/service.ts'
import { createTimelineService } from './platform/records/timeline.ts'
import { createSearchService, searchIndexer } from './platform/search/search.service.ts'
import { createSegmentsPlatform } from './platform/segments/index.ts'
import { createViewsService } from './platform/views/views.service.ts'
import { createWebhookDelivery } from './platform/webhooks/delivery.ts'
import { createWebhookService } from './platform/webhooks/service.ts'

/** Brings every workspace up to the objects the modules declare (new built-in objects and fields). */
export async function syncWorkspaces(kernel: Kernel): Promise<number> {
  const { db } = kernel.services.database
  const rows = await db
    .selectFrom('workspace')
    .select(['id', 'db_schema', 'metadata_version', 'time_zone', 'currency'])
    .execute()
  let changed = 0
  for (const w of rows) {
    await withWorkspace(
      db,
      w.id,
      async (trx, ws) => {
        if (await kernel.services.metadata.syncDeclared(trx, ws, kernel.services.declarations)) changed++
      },
      { ddl: true },
    )
    // the duplicate check's key index follows the (possibly new) metadata and rules: the builds it needs
    // are enqueued here and run in a worker (records/duplicates/key-build.ts), so the start never waits
    await withWorkspace(db, w.id, async (trx, ws) =>
      requestKeyBuilds(trx, await kernel.services.metadata.schemaIn(trx, ws)),
    )
  }
  return changed
}

export interface Kernel {
  services: Services
  /** a new workspace with its roles, root team, owner, table schema and the modules' objects */
  createWorkspace(input: CreateWorkspaceInput): Promise<CreatedWorkspace>
  /** starts the outbox dispatcher and listeners in this process */
  startWorker(): Promise<EventsRuntime>
  stop(): Promise<void>
}

/**
 * The composition root: builds every platform service over one database and plugs the modules in.
 * Used by `kemai serve`, `kemai worker`, `kemai seed`, the tests and the benchmarks.
 */
export function createKernel(database: Database, config: Config, modules: ModuleDef[] = MODULES): Kernel {
  const { db } = database
  let runtime: EventsRuntime | null = null
  const declarations = modules.flatMap((m) => m.objects)
  const hooks = new HookRegistry()
  for (const m of modules) m.registerHooks?.(hooks)

  const metadata = createMetadataService(db, {
    onChange: (trx, actor, action, detail) =>
      audit(trx, {
        workspaceId: actor.workspaceId,
        action: action as never,
        actorId: actor.userId,
        apiKeyId: actor.apiKeyId,
        targetType: 'metadata',
        targetId: String(detail.object ?? ''),
        detail,
      }),
    // a change of an object's fields or check may change its matching rules: the key index is rebuilt
    onSchemaChange: async (trx, schema) => {
      await requestKeyBuilds(trx, schema)
    },
  })
  const initWorkspace: WorkspaceCreatedHook = (trx, created) =>
    metadata.initWorkspace(
      trx,
      {
        id: created.workspace.id,
        dbSchema: created.workspace.db_schema,
        metadataVersion: 1,
        timeZone: created.workspace.time_zone,
        currency: created.workspace.currency,
      },
      declarations,
    )

  const events: EventSink = {
    async append(trx, list) {
      // in-process wake-up below; other processes (separate workers on PostgreSQL) hear pg_notify
      await appendEvents(trx, list, database.kind === 'postgres')
    },
    appendSql: (list) => ({
      statement: appendEventsSql(list),
      notify: database.kind === 'postgres' ? OUTBOX_NOTIFY : null,
    }),
    notify() {
      runtime?.notify()
    },
  }
  const autoAnalyze = database.kind === 'pglite' ? createAutoAnalyze(db) : null
  const fileStorage = diskStorage(config.filesDir)
  const retention = createRetention(db, undefined, { storage: fileStorage })
  const segments = createSegmentsPlatform({
    db,
    metadata,
    compileFilter: filterCompiler,
    notifyOutbox: database.kind === 'postgres',
  })
  let segmentSweeper: { stop(): Promise<void> } | null = null
  let scheduler: { stop(): Promise<void> } | null = null
  const records = createRecordsService({
    onWritten: autoAnalyze ? (schema, table, rows) => autoAnalyze.note(schema, table, rows) : undefined,
    db,
    metadata,
    search: searchIndexer,
    events,
    compileFilter: filterCompiler,
    hooks,
  })
  const approvalLocks = createApprovalLocks()
  approvalLocks.register(hooks)
  const engine = createEngine({
    metadata,
    records,
    events,
    onApprovalChange: (ws) => approvalLocks.forget(ws),
  })
  const metrics = new Metrics()
  const notifications = createNotificationService({ db })
  const files = createFileService({
    db,
    storage: fileStorage,
    records,
    maxBytes: config.maxUploadBytes,
  })
  const notificationHub = createNotificationHub(notifications)
  const access = createAccessServices({ db })
  const importFiles = createFileService({
    db,
    storage: fileStorage,
    records,
    maxBytes: config.maxImportBytes,
  })
  const importDeps: RunnerDeps = {
    db,
    records,
    metadata,
    files: importFiles,
    loadActor: (workspaceId, userId, locale) =>
      access.loadActor({ workspaceId, userId, channel: 'import', locale }),
  }
  const exporter = createCsvExporter({ db, metadata, records })
  const views = createViewsService({ db, metadata, compileFilter: filterCompiler })
  const exportDeps: ExportRunnerDeps = {
    db,
    metadata,
    exporter,
    storage: fileStorage,
    maxRows: MAX_EXPORT_JOB_ROWS,
    loadActor: (input) => access.loadActor(input),
  }
  const services: Services = {
    config,
    database,
    metadata,
    records,
    merges: createMergeService({
      db,
      metadata,
      search: searchIndexer,
      events,
      compileFilter: filterCompiler,
      hooks,
    }),
    timeline: createTimelineService({ db, metadata, records, events }),
    views,
    search: createSearchService({ db, metadata, records }),
    segments: segments.segments,
    lists: segments.lists,
    access,
    metrics,
    exporter,
    exportJobs: createExportJobService({
      db,
      metadata,
      records,
      views,
      storage: fileStorage,
      maxRows: MAX_EXPORT_JOB_ROWS,
    }),
    webhooks: createWebhookService({ db }),
    notifications,
    notificationHub,
    files,
    imports: createImportService(importDeps),
    importFiles,
    follows: createFollowService({ db, records }),
    events: null,
    declarations,
    automation: {
      engine,
      approvals: createApprovalsService({ db, records, engine, locks: approvalLocks }),
    },
  }
  metrics.addGauges(async (): Promise<Record<string, { help: string; value: number }>> => {
    if (!runtime) return {}
    const m = await runtime.metrics()
    const depth = Object.values(m.queues).reduce((n, q) => n + q.created + q.retry + q.active, 0)
    return {
      kemai_job_queue_depth: { help: 'Jobs waiting or running in all queues', value: depth },
      kemai_outbox_pending: { help: 'Outbox events not yet dispatched', value: m.outbox.pending },
      kemai_outbox_lag_seconds: {
        help: 'Age of the oldest undispatched outbox event',
        value: m.outbox.oldestPendingAgeSeconds ?? 0,
      },
      kemai_dead_letters: { help: 'Jobs that exhausted their retries', value: m.deadLetters },
    }
  })

  return {
    services,
    createWorkspace: (input) => createWorkspace(db, input, [...onWorkspaceCreated, initWorkspace]),
    async startWorker() {
      if (runtime) return runtime
      autoAnalyze?.start()
      await autoAnalyze?.analyzeNeverAnalyzed()
      const webhooks = createWebhookDelivery({
        db,
        config: { allowPrivateNetworks: config.webhookAllowPrivate },
      })
      runtime = await startEvents({
        db,
        pool: database.pool,
        kind: database.kind,
        listeners: [
          ...modules.flatMap((m) => m.listeners ?? []),
          webhooks.listener,
          notificationsListener(metadata),
          segments.listener,
          automationListener(engine, database.kind === 'postgres' ? { concurrency: 4, batchSize: 100 } : {}),
        ],
        jobs: [
          webhooks.job,
          importJob(importDeps),
          exportJob(exportDeps),
          ...segments.jobs,
          dedupScanJob({ db, metadata, merges: services.merges }),
          // on PGlite a build rests as long as each batch took, so requests keep their one connection half the time
          keyBuildJob({ db, metadata }, { restRatio: database.kind === 'pglite' ? 1 : 0 }),
          runJob({ db, engine }),
          externalJob({
            db,
            engine,
            allowPrivateNetworks: config.webhookAllowPrivate,
            smtpUrl: config.smtpUrl,
            mailFrom: config.mailFrom,
          }),
        ],
      })
      services.events = runtime
      // key-index builds asked for before this worker had created their queue, or whose job gave up
      await resumeKeyBuilds({ db, metadata }).catch((err: unknown) =>
        rootLogger.error({ err: err instanceof Error ? err.message : err }, 'dedup key builds: resume'),
      )
      retention.start()
      segmentSweeper = segments.startSweeper()
      scheduler = startScheduler({ db, metadata, engine })
      return runtime
    },
    async stop() {
      await notificationHub.stop()
      await retention.stop()
      await segmentSweeper?.stop()
      segmentSweeper = null
      await scheduler?.stop()
      scheduler = null
      await autoAnalyze?.stop()
      await runtime?.stop({ timeoutMs: 10_000 })
      runtime = null
      services.events = null
    },
  }
}
