import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BellOutlined,
  BranchesOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  EditOutlined,
  FileTextOutlined,
  MailOutlined,
  PlayCircleOutlined,
  PlusSquareOutlined,
  SearchOutlined,
  ThunderboltOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons'
import type { StepType } from '@kemai/shared/automation/definition'
import type { ReactNode } from 'react'
import type { InsertableType } from './model.ts'

/** How a step type looks: its icon and its family (the family gives the icon's colour). */
export type StepFamily = 'logic' | 'record' | 'people' | 'outside' | 'trigger'

export const STEP_VISUALS: Record<StepType, { icon: ReactNode; family: StepFamily }> = {
  condition: { icon: <BranchesOutlined />, family: 'logic' },
  switch: { icon: <ApartmentOutlined />, family: 'logic' },
  wait: { icon: <ClockCircleOutlined />, family: 'logic' },
  update_record: { icon: <EditOutlined />, family: 'record' },
  create_record: { icon: <PlusSquareOutlined />, family: 'record' },
  find_records: { icon: <SearchOutlined />, family: 'record' },
  assign_owner: { icon: <UserSwitchOutlined />, family: 'record' },
  create_task: { icon: <CheckSquareOutlined />, family: 'people' },
  add_note: { icon: <FileTextOutlined />, family: 'people' },
  notify: { icon: <BellOutlined />, family: 'people' },
  send_email: { icon: <MailOutlined />, family: 'people' },
  approval: { icon: <AuditOutlined />, family: 'people' },
  http: { icon: <ApiOutlined />, family: 'outside' },
  start_workflow: { icon: <PlayCircleOutlined />, family: 'outside' },
}

export const TRIGGER_ICON = <ThunderboltOutlined />

/** The add menu's groups, in order. */
export const INSERT_GROUPS: { family: Exclude<StepFamily, 'trigger'>; types: InsertableType[] }[] = [
  { family: 'logic', types: ['condition', 'switch', 'wait'] },
  { family: 'record', types: ['update_record', 'create_record', 'find_records', 'assign_owner'] },
  { family: 'people', types: ['create_task', 'add_note', 'notify', 'send_email', 'approval'] },
  { family: 'outside', types: ['http', 'start_workflow'] },
]
