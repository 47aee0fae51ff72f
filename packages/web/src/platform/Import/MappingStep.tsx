import type {
  ColumnMapping,
  DuplicatePolicy,
  ImportDto,
  ImportEncoding,
  ImportTemplate,
} from '@kemai/shared/api/imports.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../endpoints.ts'
import { inSentence, labelOf } from '../label.ts'

const NOT_IMPORTABLE = new Set(['many_to_many', 'file', 'json'])

export interface MappingStepProps {
  imp: ImportDto
  object: ObjectMeta
  /** the role may change records of the object (else "update the existing record" is not offered) */
  canUpdate: boolean
  /** the first rows' cells, to show what each column holds */
  samples: string[][]
  templates: ImportTemplate[]
  busy?: boolean
  onMapping(mapping: ColumnMapping[]): void
  onPolicy(policy: DuplicatePolicy): void
  onEncoding(encoding: ImportEncoding): void
  onSaveTemplate(name: string): void
  onApplyTemplate(template: ImportTemplate): void
}

/**
 * Step 2: each column of the file and the field it goes to (mapped automatically from the headers; any
 * column can be changed or left out), templates, the file's encoding and what to do with duplicates.
 */
export function MappingStep(p: MappingStepProps) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const [name, setName] = useState('')
  const fields = useMemo(
    () => p.object.fields.filter((f) => f.isActive && !NOT_IMPORTABLE.has(f.type)),
    [p.object],
  )
  const used = new Set(p.imp.mapping.map((m) => m.field).filter(Boolean))
  const fieldOf = (column: number) => p.imp.mapping.find((m) => m.column === column)?.field ?? null
  const setField = (column: number, field: string | null) =>
    p.onMapping(
      p.imp.header.map((_, c) => ({
        column: c,
        field: c === column ? field : fieldOf(c) === field ? null : fieldOf(c),
      })),
    )
  const rows = p.imp.header.map((header, column) => ({
    key: column,
    column,
    header,
    sample: p.samples
      .map((r) => r[column] ?? '')
      .filter((x) => x.trim() !== '')
      .slice(0, 3),
  }))
  const mappedCount = p.imp.mapping.filter((m) => m.field).length
  return (
    <Space orientation="vertical" size="middle" className="km-import-mapping">
      <Space wrap className="km-import-toolbar">
        <Typography.Text>
          {t('import.mapping.summary', { mapped: mappedCount, total: p.imp.header.length })}
        </Typography.Text>
        {p.imp.format !== 'xlsx' ? (
          <Space>
            <Typography.Text type="secondary">{t('import.mapping.encoding')}</Typography.Text>
            <Select<ImportEncoding>
              aria-label={t('import.mapping.encoding')}
              value={p.imp.encoding}
              disabled={p.busy}
              onChange={p.onEncoding}
              style={{ minWidth: 160 }}
              options={[
                {
                  value: 'auto',
                  label: t('import.mapping.encodingAuto', {
                    detected: p.imp.detectedEncoding?.toUpperCase() ?? '',
                  }),
                },
                { value: 'utf-8', label: 'UTF-8' },
                { value: 'gb18030', label: 'GBK / GB18030' },
              ]}
            />
          </Space>
        ) : null}
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          {
            title: t('import.mapping.column'),
            dataIndex: 'header',
            ellipsis: true,
            render: (h: string) => <Typography.Text strong>{h}</Typography.Text>,
          },
          {
            title: t('import.mapping.sample'),
            dataIndex: 'sample',
            // on a phone the column and its field are what matters
            responsive: ['md'],
            render: (s: string[]) =>
              s.length ? (
                <Typography.Text type="secondary" ellipsis className="km-import-sample">
                  {s.join(' · ')}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: t('import.mapping.field'),
            width: '45%',
            render: (_: unknown, r: (typeof rows)[number]) => (
              <Select<string>
                aria-label={t('import.mapping.fieldFor', { column: r.header })}
                value={fieldOf(r.column) ?? ''}
                disabled={p.busy}
                style={{ width: '100%' }}
                showSearch={{ optionFilterProp: 'label' }}
                onChange={(v) => setField(r.column, v || null)}
                options={[
                  { value: '', label: t('import.mapping.skip') },
                  ...fields.map((f) => ({
                    value: f.name,
                    label: labelOf(f.label, locale),
                    disabled: used.has(f.name) && fieldOf(r.column) !== f.name,
                  })),
                ]}
              />
            ),
          },
        ]}
      />
      <Space wrap>
        <Select<string>
          aria-label={t('import.template.load')}
          placeholder={p.templates.length ? t('import.template.load') : t('import.template.none')}
          disabled={p.busy || p.templates.length === 0}
          value={null as unknown as string}
          style={{ minWidth: 200 }}
          onChange={(id) => {
            const tpl = p.templates.find((x) => x.id === id)
            if (tpl) p.onApplyTemplate(tpl)
          }}
          options={p.templates.map((x) => ({ value: x.id, label: x.name }))}
        />
        <Space.Compact>
          <Input
            aria-label={t('import.template.name')}
            placeholder={t('import.template.name')}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
          <Button
            disabled={p.busy || name.trim() === '' || mappedCount === 0}
            onClick={() => {
              p.onSaveTemplate(name.trim())
              setName('')
            }}
          >
            {t('import.template.save')}
          </Button>
        </Space.Compact>
      </Space>
      <div>
        <Typography.Title level={5}>{t('import.policy.title')}</Typography.Title>
        {p.imp.matching ? (
          <Radio.Group
            value={p.imp.policy}
            disabled={p.busy}
            onChange={(e) => p.onPolicy(e.target.value as DuplicatePolicy)}
            options={[
              { value: 'create', label: t('import.policy.create') },
              { value: 'update', label: t('import.policy.update'), disabled: !p.canUpdate },
              { value: 'skip', label: t('import.policy.skip') },
            ]}
          />
        ) : (
          <Tag>{t('import.policy.noRules')}</Tag>
        )}
        {p.imp.matching && !p.canUpdate ? (
          <Typography.Paragraph
            type={p.imp.policy === 'update' ? 'danger' : 'secondary'}
            className="km-import-note"
            data-testid="import-update-denied"
          >
            {t('access.importUpdateDenied', {
              object: inSentence(labelOf(p.object.pluralLabel, locale), locale),
            })}
          </Typography.Paragraph>
        ) : null}
        <Typography.Paragraph type="secondary" className="km-import-note">
          {t('import.policy.hint')}
        </Typography.Paragraph>
      </div>
    </Space>
  )
}
