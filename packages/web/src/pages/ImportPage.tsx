import type { Locale } from '@kemai/shared/i18n/messages'
import { Breadcrumb, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { ImportWizard } from '../platform/Import/ImportWizard.tsx'
import { labelOf } from '../platform/label.ts'
import { NotFoundPage } from './NotFoundPage.tsx'

/** `/o/{object}/import[?import=<id>]`: the import wizard of an object. */
export function ImportPage() {
  const { object: name = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const { byName } = useMetadata()
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const object = byName.get(name)
  if (!object) return <NotFoundPage />
  const plural = labelOf(object.pluralLabel, locale)
  return (
    <div className="km-pad">
      <Breadcrumb
        items={[
          { title: <Link to={`/o/${encodeURIComponent(object.name)}`}>{plural}</Link> },
          { title: t('import.title') },
        ]}
      />
      <Typography.Title level={3}>{t('import.heading', { object: plural })}</Typography.Title>
      <ImportWizard
        key={object.name}
        object={object}
        importId={params.get('import')}
        onImportId={(id) => setParams(id ? { import: id } : {}, { replace: true })}
      />
    </div>
  )
}
