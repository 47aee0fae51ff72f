import type { ModuleDef } from '../platform/modules.ts'
import { contactsModule } from './contacts/index.ts'

/** Every feature module the server runs, in dependency-free order. */
export const MODULES: ModuleDef[] = [contactsModule]
