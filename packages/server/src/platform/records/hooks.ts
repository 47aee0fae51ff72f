import type { ObjectDef } from '@kemai/shared/fields'
import type { Actor } from '../access/actor.ts'
import type { Tx } from '../db/tx.ts'
import type { WorkspaceSchema } from '../metadata/service.ts'

export type Operation = 'create' | 'update' | 'delete' | 'restore'
export type Stage = 'before' | 'after'

export interface HookContext {
  trx: Tx
  actor: Actor
  schema: WorkspaceSchema
  object: ObjectDef
  operation: Operation
  /** the record as it will be written (before) or was written (after); hooks may change it in `before` */
  record: Record<string, unknown>
  /** the stored record before an update/delete/restore */
  previous: Record<string, unknown> | null
}

export type RecordHook = (ctx: HookContext) => Promise<void>

/**
 * Record-lifecycle hooks keyed `'<object>.<operation>'` ('*' for every object), the one way modules
 * plug business rules into the write path (CONVENTIONS rule 2, 8).
 */
export class HookRegistry {
  readonly #hooks = new Map<string, { hook: RecordHook; perRecord: boolean }[]>()

  /**
   * `perRecord`: the hook reads nothing that another record of the same write could change (it looks at
   * its own record, or at data no record write changes). A write of several records (updateMany) checks
   * them together only when every hook on the path says so; otherwise one after the other, so that each
   * hook sees what the records before it wrote (a company hierarchy, a relationship link).
   */
  on(
    stage: Stage,
    key: `${string}.${Operation}`,
    hook: RecordHook,
    opts: { perRecord?: boolean } = {},
  ): void {
    const k = `${stage}:${key}`
    this.#hooks.set(k, [...(this.#hooks.get(k) ?? []), { hook, perRecord: opts.perRecord ?? false }])
  }

  has(stage: Stage, object: string, op: Operation): boolean {
    return this.#hooks.has(`${stage}:${object}.${op}`) || this.#hooks.has(`${stage}:*.${op}`)
  }

  /** Are all hooks of this path `perRecord` (none at all counts)? */
  perRecord(stage: Stage, object: string, op: Operation): boolean {
    return [`${stage}:*.${op}`, `${stage}:${object}.${op}`].every((k) =>
      (this.#hooks.get(k) ?? []).every((h) => h.perRecord),
    )
  }

  async run(stage: Stage, ctx: HookContext): Promise<void> {
    for (const key of [`${stage}:*.${ctx.operation}`, `${stage}:${ctx.object.name}.${ctx.operation}`]) {
      for (const h of this.#hooks.get(key) ?? []) await h.hook(ctx)
    }
  }
}
