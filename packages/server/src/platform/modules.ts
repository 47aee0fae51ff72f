import type { Listener } from './events/subscribe.ts'
import type { ObjectDeclaration } from './metadata/define.ts'
import type { HookRegistry } from './records/hooks.ts'

/**
 * A feature module's manifest (CONVENTIONS §1 "index.ts"): its standard objects as data and the hooks it
 * plugs into the record lifecycle. The server assembles modules from a list; modules never import each other.
 */
export interface ModuleDef {
  name: string
  objects: ObjectDeclaration[]
  registerHooks?: (hooks: HookRegistry) => void
  /** outbox listeners (idempotent by event id), run by every worker process */
  listeners?: Listener[]
}

export const defineModule = (m: ModuleDef): ModuleDef => m
