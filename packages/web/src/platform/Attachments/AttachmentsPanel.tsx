import {
  DeleteOutlined,
  DownloadOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  UploadOutlined,
} from '@ant-design/icons'
import type { FileInfo } from '@kemai/shared/api/files.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, App, Button, Empty, Popconfirm, Skeleton, Tag, Typography } from 'antd'
import { type DragEvent, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { ApiError } from '../api-client.ts'
import type { ObjectMeta } from '../endpoints.ts'
import { UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { labelOf } from '../label.ts'
import { ProblemAlert, problemText } from '../ProblemAlert.tsx'
import { canObject } from '../permissions.ts'
import { attachmentsApi } from './attachments-api.ts'
import { formatFileSize } from './file-size.ts'

interface Props {
  object: ObjectMeta
  id: string
  timeZone: string
  /** the number of files, once known (the phone tab shows it) */
  onCount?: (n: number) => void
}

interface Failure {
  key: string
  name: string
  message: string
}

const iconOf = (mime: string) =>
  mime.startsWith('image/') ? (
    <FileImageOutlined />
  ) : mime === 'application/pdf' ? (
    <FilePdfOutlined />
  ) : (
    <FileOutlined />
  )

/**
 * The record's files (attachments and the files of its file fields), newest first: upload by button or
 * by dropping files on the panel (one request per file, the body is the file: docs/files.md), open,
 * download, delete. A refused upload (too large, no right) says why, in the user's language.
 */
export function AttachmentsPanel({ object, id, timeZone, onCount }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message } = App.useApp()
  const [files, setFiles] = useState<FileInfo[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [uploading, setUploading] = useState<string | null>(null)
  const [failures, setFailures] = useState<Failure[]>([])
  const [dragging, setDragging] = useState(false)
  const [attempt, setAttempt] = useState(0)
  // the server lets the uploader, an admin or whoever may change the record delete a file
  const me = useMe()
  const mayDelete = (f: FileInfo) =>
    me.isAdmin || f.createdBy === me.user.id || canObject(me, object.name, 'update')
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    const ctl = new AbortController()
    void attempt
    setError(null)
    attachmentsApi
      .list(object.name, id, ctl.signal)
      .then((r) => setFiles(r.data))
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [object.name, id, attempt])

  useEffect(() => {
    if (files) onCount?.(files.length)
  }, [files, onCount])

  const whyFailed = (e: unknown): string => {
    if (e instanceof ApiError) {
      // a proxy in front of Kemai may answer 413 without a problem body; a connection cut off while
      // the browser was still sending (the server stops reading a too-large body) has no status
      if (e.status === 413 && e.problem.code !== 'payload_too_large') return t('attachments.tooLarge')
      if (e.status === 0) return t('attachments.uploadFailed')
    }
    return problemText(e, t).title
  }

  const upload = async (list: FileList | File[]) => {
    const chosen = [...list]
    if (chosen.length === 0) return
    setFailures([])
    for (const file of chosen) {
      setUploading(file.name)
      try {
        const info = await attachmentsApi.upload(object.name, id, file)
        setFiles((prev) => [info, ...(prev ?? []).filter((f) => f.id !== info.id)])
        message.success(t('attachments.uploaded', { name: info.name }))
      } catch (e) {
        setFailures((prev) => [
          ...prev,
          { key: `${file.name}-${prev.length}`, name: file.name, message: whyFailed(e) },
        ])
      }
    }
    setUploading(null)
    if (input.current) input.current.value = ''
  }

  const remove = async (file: FileInfo) => {
    try {
      await attachmentsApi.remove(file.id)
      setFiles((prev) => (prev ?? []).filter((f) => f.id !== file.id))
      message.success(t('attachments.deleted', { name: file.name }))
    } catch (e) {
      message.error(problemText(e, t).title)
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    if (e.dataTransfer.files.length) void upload(e.dataTransfer.files)
  }
  const fieldLabel = (name: string) => {
    const f = object.fields.find((x) => x.name === name)
    return f ? labelOf(f.label, locale) : name
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a shortcut; the upload button is the accessible way
    <div
      className={`km-attachments${dragging ? ' km-attachments-drop' : ''}`}
      data-testid="attachments"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault()
          setDragging(true)
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="km-attachments-head">
        <Typography.Text type="secondary" className="km-attachments-hint">
          {t('attachments.hint')}
        </Typography.Text>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          onChange={(e) => e.target.files && void upload(e.target.files)}
          data-testid="attachments-input"
        />
        <Button
          icon={<UploadOutlined />}
          size="small"
          loading={uploading !== null}
          onClick={() => input.current?.click()}
          data-testid="attachments-upload"
        >
          {uploading !== null ? t('attachments.uploading', { name: uploading }) : t('attachments.upload')}
        </Button>
      </div>
      {failures.map((f) => (
        <Alert
          key={f.key}
          type="error"
          showIcon
          closable={{ onClose: () => setFailures((prev) => prev.filter((x) => x !== f)) }}
          role="alert"
          title={t('attachments.failed', { name: f.name })}
          description={f.message}
          data-testid="attachments-error"
        />
      ))}
      {error !== null && files === null ? (
        <ProblemAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : files === null ? (
        <Skeleton active title={false} paragraph={{ rows: 3 }} />
      ) : files.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attachments.empty')} />
      ) : (
        <ul className="km-file-list" data-testid="attachments-list">
          {files.map((f) => (
            <li key={f.id} className="km-file">
              <span className="km-file-icon" aria-hidden>
                {iconOf(f.mime)}
              </span>
              <div className="km-file-main">
                <a
                  href={attachmentsApi.contentUrl(f.id)}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="km-ellipsis km-file-name"
                  title={f.name}
                >
                  {f.name}
                </a>
                <Typography.Text type="secondary" className="km-file-meta">
                  {formatFileSize(f.size, locale)} · {formatDateTime(f.createdAt, locale, timeZone)} ·{' '}
                  <UserName id={f.createdBy} />
                  {f.field && <Tag className="km-file-field">{fieldLabel(f.field)}</Tag>}
                </Typography.Text>
              </div>
              <Button
                size="small"
                type="text"
                icon={<DownloadOutlined />}
                href={attachmentsApi.contentUrl(f.id, true)}
                aria-label={t('attachments.download')}
                title={t('attachments.download')}
              />
              {mayDelete(f) && (
                <Popconfirm
                  title={t('attachments.deleteConfirm', { name: f.name })}
                  okText={t('attachments.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('action.cancel')}
                  onConfirm={() => remove(f)}
                >
                  <Button
                    size="small"
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('attachments.delete')}
                    title={t('attachments.delete')}
                  />
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
