import type { Migration } from '../migrate.ts'
import { m0001Core } from './0001-core.ts'

export const MIGRATIONS: Migration[] = [m0001Core]
