import type { Locale } from '@kemai/shared/i18n/messages'
import { Breadcrumb, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { AccessDenied } from '../platform/AccessDenied.tsx'
import { ImportWizard } from '../platform/Import/ImportWizard.tsx'
import { inSentence, labelOf } from '../platform/label.ts'
import { canObject } from '../platform/permissions.ts'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'

/**
 * `/o/{object}/import[?import=<id>]`: the import wizard of an object. An import creates records (and,
 * with "update the existing record", changes them): a role without `create` gets the reason instead.
 */
export function ImportPage() {
  const { object: name = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const { byName } = useMetadata()
  const me = useMe()
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const object = byName.get(name)
  if (!object) return <ObjectUnavailable object={name} />
  const plural = labelOf(object.pluralLabel, locale)
  const list = `/o/${encodeURIComponent(object.name)}`
  if (!canObject(me, object.name, 'create'))
    return (
      <AccessDenied
        reason={t('access.importDenied', { object: inSentence(plural, locale) })}
        back={{ to: list, label: t('access.backToList', { object: plural }) }}
      />
    )
  return (
    <div className="km-pad">
      <Breadcrumb items={[{ title: <Link to={list}>{plural}</Link> }, { title: t('import.title') }]} />
      <Typography.Title level={3}>{t('import.heading', { object: plural })}</Typography.Title>
      <ImportWizard
        key={object.name}
        object={object}
        canUpdate={canObject(me, object.name, 'update')}
        importId={params.get('import')}
        onImportId={(id) => setParams(id ? { import: id } : {}, { replace: true })}
      />
    </div>
  )
}
