import type { FieldType, Label } from '../fields.ts'
import type { ResolveObject } from '../query/paths.ts'
import type { WorkflowDefinitionInput } from './definition.ts'
import { lookupField } from './field-values.ts'

/**
 * Ready-made workflows (issue 6's five examples), installed as a draft in one click. Each declares the
 * objects and fields it needs; installing one whose objects or fields are missing answers 409 with them.
 */
export interface WorkflowTemplate {
  key: string
  name: Label
  description: Label
  requires: { object: string; fields: { name: string; type: FieldType; choices?: string[] }[] }[]
  definition: WorkflowDefinitionInput
}

const label = (zh: string, en: string): Label => ({ 'zh-CN': zh, en })

export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  {
    key: 'new_opportunity_first_contact',
    name: label('新商机：创建首次联系任务', 'New opportunity: first-contact task'),
    description: label(
      '新建商机时，给负责人创建一个明天到期的首次联系任务。',
      'When an opportunity is created, give its owner a first-contact task due tomorrow.',
    ),
    requires: [{ object: 'opportunity', fields: [{ name: 'name', type: 'text' }] }],
    definition: {
      trigger: { type: 'record_created', object: 'opportunity' },
      start: 'first_contact',
      steps: [
        {
          id: 'first_contact',
          type: 'create_task',
          title: '首次联系：{{trigger.record.name}}',
          dueInDays: 1,
          assignee: { kind: 'owner' },
          next: null,
        },
      ],
    },
  },
  {
    key: 'stalled_deal_reminder',
    name: label('商机停滞提醒', 'Stalled deal reminder'),
    description: label(
      '商机阶段变化后 3 天内没有任何更新，就提醒负责人并抄送其上级。',
      'If an opportunity is not updated within 3 days of a stage change, remind the owner and copy their manager.',
    ),
    requires: [
      {
        object: 'opportunity',
        fields: [
          { name: 'name', type: 'text' },
          { name: 'stage', type: 'select' },
        ],
      },
    ],
    definition: {
      trigger: { type: 'record_updated', object: 'opportunity', fields: ['stage'] },
      start: 'wait_for_progress',
      steps: [
        {
          id: 'wait_for_progress',
          type: 'wait',
          wait: { kind: 'event', event: 'record.updated', timeoutMinutes: 3 * 24 * 60, onTimeout: 'remind' },
          next: null,
        },
        {
          id: 'remind',
          type: 'notify',
          recipients: [{ kind: 'owner' }, { kind: 'owner_manager' }],
          title: '商机「{{trigger.record.name}}」已 3 天没有进展',
          body: '当前阶段：{{trigger.record.stage}}',
          next: null,
        },
      ],
    },
  },
  {
    key: 'quote_follow_up',
    name: label('报价发出 3 天后跟进', 'Follow up 3 days after a quote is sent'),
    description: label(
      '报价状态变为“已发送”3 天后仍未被接受，就给负责人创建跟进任务。',
      'Three days after a quote is sent, if it is still not accepted, give its owner a follow-up task.',
    ),
    requires: [
      {
        object: 'quote',
        fields: [
          { name: 'name', type: 'text' },
          { name: 'status', type: 'select', choices: ['draft', 'sent', 'accepted', 'rejected'] },
        ],
      },
    ],
    definition: {
      trigger: { type: 'record_updated', object: 'quote', fields: ['status'], changedTo: 'sent' },
      start: 'wait_3_days',
      steps: [
        {
          id: 'wait_3_days',
          type: 'wait',
          wait: { kind: 'duration', minutes: 3 * 24 * 60 },
          next: 'still_sent',
        },
        {
          id: 'still_sent',
          type: 'condition',
          filter: { field: 'status', op: 'eq', value: 'sent' },
          onTrue: 'follow_up',
          onFalse: null,
        },
        {
          id: 'follow_up',
          type: 'create_task',
          title: '跟进报价：{{trigger.record.name}}',
          dueInDays: 0,
          assignee: { kind: 'owner' },
          next: null,
        },
      ],
    },
  },
  {
    key: 'birthday_reminder',
    name: label('客户生日提醒', 'Customer birthday reminder'),
    description: label(
      '每年联系人生日当天上午 9 点提醒负责人。',
      "Every year at 9:00 on a contact's birthday, remind the owner.",
    ),
    requires: [
      {
        object: 'person',
        fields: [
          { name: 'name', type: 'text' },
          { name: 'birthday', type: 'date' },
        ],
      },
    ],
    definition: {
      trigger: {
        type: 'date_relative',
        object: 'person',
        field: 'birthday',
        offsetDays: 0,
        at: '09:00',
        yearly: true,
      },
      start: 'remind_owner',
      steps: [
        {
          id: 'remind_owner',
          type: 'notify',
          recipients: [{ kind: 'owner' }],
          title: '今天是 {{trigger.record.name}} 的生日',
          body: '别忘了送上祝福。',
          next: null,
        },
      ],
    },
  },
  {
    key: 'discount_approval',
    name: label('折扣超过 20% 需审批', 'Discounts above 20% need approval'),
    description: label(
      '报价折扣超过 20% 时，提交人的上级（销售总监）审批；审批期间锁定报价，结果写回审批状态。',
      "When a quote's discount exceeds 20%, the submitter's manager (the sales director) approves it; the quote is locked meanwhile and the outcome is written back.",
    ),
    requires: [
      {
        object: 'quote',
        fields: [
          { name: 'name', type: 'text' },
          { name: 'discount', type: 'percent' },
          { name: 'approval_status', type: 'select', choices: ['pending', 'approved', 'rejected'] },
        ],
      },
    ],
    definition: {
      trigger: { type: 'record_updated', object: 'quote', fields: ['discount'] },
      start: 'over_20',
      steps: [
        {
          id: 'over_20',
          type: 'condition',
          filter: { field: 'discount', op: 'gt', value: 20 },
          onTrue: 'mark_pending',
          onFalse: null,
        },
        {
          id: 'mark_pending',
          type: 'update_record',
          values: { approval_status: 'pending' },
          next: 'director_approval',
        },
        {
          id: 'director_approval',
          type: 'approval',
          title: '报价「{{trigger.record.name}}」折扣 {{trigger.record.discount}}% 需要审批',
          levels: [
            {
              id: 'sales_director',
              name: '销售总监',
              approvers: [{ kind: 'submitter_manager' }],
              mode: 'any',
              timeoutHours: 24,
              onTimeout: 'remind',
            },
          ],
          onReject: { kind: 'submitter' },
          lock: ['discount'],
          approved: 'mark_approved',
          rejected: 'mark_rejected',
        },
        { id: 'mark_approved', type: 'update_record', values: { approval_status: 'approved' }, next: null },
        {
          id: 'mark_rejected',
          type: 'update_record',
          values: { approval_status: 'rejected' },
          next: 'tell_owner',
        },
        {
          id: 'tell_owner',
          type: 'notify',
          recipients: [{ kind: 'owner' }],
          title: '报价「{{trigger.record.name}}」的折扣未获批准',
          next: null,
        },
      ],
    },
  },
]

export function findTemplate(key: string): WorkflowTemplate | undefined {
  return WORKFLOW_TEMPLATES.find((t) => t.key === key)
}

/** What a workspace lacks for a template: missing objects, and missing (or deleted) fields of present ones. */
export function missingRequirements(
  t: WorkflowTemplate,
  resolveObject: ResolveObject,
): { object: string; field?: string }[] {
  const out: { object: string; field?: string }[] = []
  for (const r of t.requires) {
    const o = resolveObject(r.object)
    if (!o?.isActive) out.push({ object: r.object })
    else
      for (const f of r.fields) if (!lookupField(o, f.name).ok) out.push({ object: r.object, field: f.name })
  }
  return out
}
