import type { ImportDto, PreviewRow } from '@kemai/shared/api/imports.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Table, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../endpoints.ts'
import { labelOf } from '../label.ts'

const ACTION_COLOR: Record<PreviewRow['action'], string> = {
  create: 'green',
  update: 'blue',
  skip: 'default',
  error: 'red',
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (Array.isArray(v)) return v.join(', ')
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if ('text' in o) return String(o.text)
    if ('amount' in o) return `${o.amount} ${o.currency ?? ''}`
    return JSON.stringify(v)
  }
  return String(v)
}

/** Step 3: the first rows as they will be written: action per row, mapped values, problems under each field. */
export function PreviewStep({
  imp,
  object,
  rows,
}: {
  imp: ImportDto
  object: ObjectMeta
  rows: PreviewRow[]
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const fields = imp.mapping
    .map((m) => (m.field ? object.fields.find((f) => f.name === m.field) : undefined))
    .filter((f): f is NonNullable<typeof f> => !!f)
  const errorCount = rows.filter((r) => r.action === 'error').length
  return (
    <div className="km-import-preview" data-testid="import-preview">
      <Typography.Paragraph>
        {t('import.preview.summary', { rows: rows.length, errors: errorCount })}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="row"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 240 + fields.length * 160 }}
        rowClassName={(r) => (r.action === 'error' ? 'km-import-row-error' : '')}
        columns={[
          { title: t('import.preview.row'), dataIndex: 'row', width: 64, fixed: 'left' },
          {
            title: t('import.preview.action'),
            width: 120,
            render: (_: unknown, r: PreviewRow) => (
              <span>
                <Tag color={ACTION_COLOR[r.action]}>{t(`import.action.${r.action}`)}</Tag>
                {r.match?.title ? (
                  <Typography.Text type="secondary" className="km-import-match">
                    {r.match.title}
                  </Typography.Text>
                ) : null}
              </span>
            ),
          },
          ...fields.map((f) => ({
            title: labelOf(f.label, locale),
            key: f.name,
            width: 160,
            render: (_: unknown, r: PreviewRow) => {
              const errs = r.errors.filter((e) => e.field === f.name)
              return (
                <div>
                  <div>{cellText(r.values[f.name])}</div>
                  {errs.map((e) => (
                    <Typography.Text key={e.code} type="danger" className="km-import-error">
                      {e.message}
                    </Typography.Text>
                  ))}
                </div>
              )
            },
          })),
          {
            title: t('import.preview.problems'),
            width: 200,
            render: (_: unknown, r: PreviewRow) =>
              r.errors
                .filter((e) => !fields.some((f) => f.name === e.field))
                .map((e) => (
                  <Typography.Text key={`${e.field}.${e.code}`} type="danger" className="km-import-error">
                    {e.message}
                  </Typography.Text>
                )),
          },
        ]}
      />
    </div>
  )
}
