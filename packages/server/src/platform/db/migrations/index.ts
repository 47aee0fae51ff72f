import { up as accessUp } from '../../access/migration.ts'
import { m0018Approvals } from '../../automation/approvals.migration.ts'
import { m0020EmailTemplates } from '../../automation/email-templates.migration.ts'
import { m0015Workflows } from '../../automation/migration.ts'
import { m0021WorkflowRateSlots } from '../../automation/rate-slots.migration.ts'
import { m0017WorkflowRuns } from '../../automation/runs.migration.ts'
import { m0019WorkflowWebhooks } from '../../automation/webhook-trigger.migration.ts'
import { m0014DedupReview } from '../../dedup-review/migration.ts'
import { up as eventsUp } from '../../events/migration.ts'
import { m0007FileOwners } from '../../files/migration.ts'
import { m0023Forms } from '../../forms/migration.ts'
import { m0022ExportJobs } from '../../io/export-jobs/migration.ts'
import { m0012Imports } from '../../io/import/migration.ts'
import { m0009RecordFollow } from '../../notifications/follow.ts'
import { m0006Notifications } from '../../notifications/migration.ts'
import { m0016ActivityEdits } from '../../records/activities/migration.ts'
import { m0024DedupKeyBuilds } from '../../records/duplicates/key-build.migration.ts'
import { m0010DedupKeys } from '../../records/duplicates/migration.ts'
import { m0011RecordMerge } from '../../records/merge/migration.ts'
import { up as searchUp } from '../../search/migration.ts'
import { m0013Segments } from '../../segments/migration.ts'
import type { Migration } from '../migrate.ts'
import { m0001Core } from './0001-core.ts'
import { m0005LeakproofComparisons } from './0005-leakproof-comparisons.ts'
import { m0008ObjectLayout } from './0008-object-layout.ts'

export const MIGRATIONS: Migration[] = [
  m0001Core,
  { version: 2, name: 'events-webhooks', up: eventsUp },
  { version: 3, name: 'search-doc', up: searchUp },
  { version: 4, name: 'access-indexes', up: accessUp },
  m0005LeakproofComparisons,
  m0006Notifications,
  m0007FileOwners,
  m0008ObjectLayout,
  m0009RecordFollow,
  m0010DedupKeys,
  m0011RecordMerge,
  m0012Imports,
  m0013Segments,
  m0014DedupReview,
  m0015Workflows,
  m0016ActivityEdits,
  m0017WorkflowRuns,
  m0018Approvals,
  m0019WorkflowWebhooks,
  m0020EmailTemplates,
  m0021WorkflowRateSlots,
  m0022ExportJobs,
  m0023Forms,
  m0024DedupKeyBuilds,
]
