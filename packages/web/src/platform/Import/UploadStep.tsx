import { InboxOutlined } from '@ant-design/icons'
import { Typography, Upload } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../ProblemAlert.tsx'

/** Step 1: pick or drop a file (CSV, XLSX, vCard); the page uploads it and creates the import. */
export function UploadStep({ onFile }: { onFile: (file: File) => Promise<void> }) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  return (
    <div className="km-import-upload">
      <Upload.Dragger
        accept=".csv,.txt,.tsv,.xlsx,.vcf,.vcard"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          setBusy(true)
          setError(null)
          onFile(file)
            .catch((e: unknown) => setError(e))
            .finally(() => setBusy(false))
          return false
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{busy ? t('import.upload.reading') : t('import.upload.drop')}</p>
        <p className="ant-upload-hint">{t('import.upload.hint')}</p>
      </Upload.Dragger>
      <Typography.Paragraph type="secondary" className="km-import-note">
        {t('import.upload.limits')}
      </Typography.Paragraph>
      {error ? <ProblemAlert error={error} /> : null}
    </div>
  )
}
