// Export job constants without zod: the web app's shell imports them, and a module that builds zod schemas
// would bring all of zod into the first load (zod's schema builders are not tree-shaken).

export const EXPORT_FORMATS = ['csv', 'xlsx', 'vcf'] as const
export type ExportJobFormat = (typeof EXPORT_FORMATS)[number]
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export type ExportJobStatus = (typeof EXPORT_STATUSES)[number]
/** An export in one of these has ended: its stream closes, it cannot be cancelled, it does not run again. */
export const EXPORT_FINAL_STATUSES: ReadonlySet<ExportJobStatus> = new Set(['done', 'failed', 'cancelled'])

/** An export job runs up to this many rows (the synchronous export: 100,000). */
export const MAX_EXPORT_JOB_ROWS = 1_000_000
/** From this many rows on, the list offers the background export first. */
export const BACKGROUND_EXPORT_FROM = 10_000
