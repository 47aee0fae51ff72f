import { normaliseDomain } from '../../platform/dedup/domain.ts'
import { errors } from '../../platform/errors.ts'
import type { HookContext, HookRegistry } from '../../platform/records/hooks.ts'
import { pinyinSortKey } from './pinyin-key.ts'
import { isAncestorOrSelf } from './repo.ts'

/**
 * The contacts module's business rules on the write path (before hooks, so they are part of the one
 * write): the pinyin sort key follows the name, a company's domain comes from its website when not
 * given, and the company hierarchy never loops.
 */
export function registerContactHooks(hooks: HookRegistry): void {
  for (const object of ['person', 'company'] as const) {
    for (const op of ['create', 'update'] as const) {
      hooks.on(
        'before',
        `${object}.${op}`,
        async (ctx) => {
          setNamePinyin(ctx, object === 'person')
          if (object === 'company') {
            setDomain(ctx)
            await checkHierarchy(ctx)
          }
        },
        // a person's rules look at the person only; the hierarchy reads the other companies
        { perRecord: object === 'person' },
      )
    }
  }
}

function changed(ctx: HookContext, field: string): boolean {
  return ctx.previous === null || ctx.previous[field] !== ctx.record[field]
}

function setNamePinyin(ctx: HookContext, personName: boolean): void {
  if (!changed(ctx, 'name') && ctx.record.name_pinyin) return
  ctx.record.name_pinyin = pinyinSortKey(ctx.record.name, { personName })
}

function setDomain(ctx: HookContext): void {
  const given = ctx.record.domain
  if (typeof given === 'string' && given !== '' && changed(ctx, 'domain')) {
    ctx.record.domain = normaliseDomain(given) ?? given.toLowerCase()
  } else if ((given === null || given === undefined) && changed(ctx, 'website')) {
    ctx.record.domain = normaliseDomain(ctx.record.website) ?? null
  }
}

async function checkHierarchy(ctx: HookContext): Promise<void> {
  const parent = ctx.record.parent
  if (ctx.operation !== 'update' || typeof parent !== 'string' || !changed(ctx, 'parent')) return
  if (await isAncestorOrSelf(ctx, String(ctx.record.id), parent))
    throw errors.validation([{ path: 'parent', code: 'cycle' }])
}
