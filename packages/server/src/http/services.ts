import type { Config } from '../config.ts'
import type { AccessServices } from '../platform/access/access.services.ts'
import type { ApprovalsService } from '../platform/automation/approvals.service.ts'
import type { Engine } from '../platform/automation/engine.ts'
import type { Database } from '../platform/db/connect.ts'
import type { EventsRuntime } from '../platform/events/start-events.ts'
import type { FileService } from '../platform/files/files.service.ts'
import type { CsvExporter } from '../platform/io/csv-export.ts'
import type { ExportJobService } from '../platform/io/export-jobs/exports.service.ts'
import type { ImportService } from '../platform/io/import/imports.service.ts'
import type { ObjectDeclaration } from '../platform/metadata/define.ts'
import type { MetadataService } from '../platform/metadata/service.ts'
import type { FollowService } from '../platform/notifications/follow.ts'
import type { NotificationHub } from '../platform/notifications/hub.ts'
import type { NotificationService } from '../platform/notifications/notifications.service.ts'
import type { MergeService } from '../platform/records/merge/service.ts'
import type { RecordsService } from '../platform/records/service.ts'
import type { createTimelineService } from '../platform/records/timeline.ts'
import type { SearchService } from '../platform/search/search.service.ts'
import type { ListsService } from '../platform/segments/lists.service.ts'
import type { SegmentsService } from '../platform/segments/segments.service.ts'
import type { ViewsService } from '../platform/views/views.service.ts'
import type { WebhookService } from '../platform/webhooks/service.ts'
import type { Metrics } from './metrics.ts'

/** Everything a route may use; built once by the kernel (src/kernel.ts). */
export interface Services {
  config: Config
  database: Database
  metadata: MetadataService
  records: RecordsService
  /** merge and unmerge of records (docs/merge.md) */
  merges: MergeService
  timeline: ReturnType<typeof createTimelineService>
  views: ViewsService
  search: SearchService
  segments: SegmentsService
  lists: ListsService
  metrics: Metrics
  exporter: CsvExporter
  /** exports as background jobs (platform/io/export-jobs) */
  exportJobs: ExportJobService
  webhooks: WebhookService
  notifications: NotificationService
  files: FileService
  /** imports (platform/io/import) and their uploads, which have their own size limit */
  imports: ImportService
  importFiles: FileService
  follows: FollowService
  /** live notification streams of this process (SSE) */
  notificationHub: NotificationHub
  access: AccessServices
  /** null in a process that neither dispatches nor works events */
  events: EventsRuntime | null
  declarations: ObjectDeclaration[]
  /** the workflow executor (its definitions cache) and approvals (docs/automation.md) */
  automation: { engine: Engine; approvals: ApprovalsService }
}
