import type { WorkflowProblemCode } from './validate.ts'

/** Other issue codes of the workflow API (not produced by the validator). */
export type WorkflowIssueCode =
  | 'workflow.missing_object'
  | 'workflow.not_published'
  | 'workflow.trigger_without_record'
  | 'workflow.step_unavailable'
  | 'workflow.trigger_unavailable'
  | 'workflow.loop_limit'
  | 'workflow.rate_limited'
  | 'workflow.merge_unresolved'
  | 'workflow.record_gone'
  | 'workflow.no_recipient'
  | 'workflow.no_target'
  | 'workflow.step_error'
  | 'workflow.http_failed'
  | 'workflow.target_not_published'
  | 'workflow.child_failed'
  | 'workflow.too_many_steps'
  | 'workflow.cancelled'
  | 'workflow.not_retryable'
  | 'workflow.not_manual'
  | 'workflow.not_active'
  | 'workflow.not_webhook'
  | 'workflow.unknown_template'
  | 'workflow.unknown_form'
  | 'workflow.email_failed'
  | 'workflow.disabled'
  | 'approval.not_pending'
  | 'approval.not_approver'
  | 'approval.record_locked'

type Messages = Record<`field.${WorkflowProblemCode | WorkflowIssueCode}` | 'field.invalid_cron', string>

/** Messages of workflow problems (`errors[].code` of a problem, e.g. on publish), merged into i18n/messages.ts. */
export const WORKFLOW_MESSAGES: { 'zh-CN': Messages; en: Messages } = {
  'zh-CN': {
    'field.workflow.invalid_definition': '流程定义格式有误：{{reason}}',
    'field.invalid_cron': 'cron 表达式无效，应为 5 段：分 时 日 月 周',
    'field.workflow.unknown_start': '起始步骤 {{step}} 不存在',
    'field.workflow.duplicate_step': '步骤编号 {{step}} 重复',
    'field.workflow.dangling_next': '步骤 {{step}} 指向的下一步 {{target}} 不存在',
    'field.workflow.unreachable_step': '步骤 {{step}} 永远不会执行（从起始步骤无法到达）',
    'field.workflow.busy_cycle': '步骤 {{step}} 处在没有等待的循环中，流程会无限循环',
    'field.workflow.invalid_filter': '条件无效：{{detail}}',
    'field.workflow.unknown_object': '对象 {{object}} 不存在或已停用',
    'field.workflow.unknown_field': '字段 {{field}} 不存在',
    'field.workflow.deleted_field': '字段 {{field}} 已被删除',
    'field.workflow.field_not_writable': '字段 {{field}} 不能由流程修改',
    'field.workflow.wrong_value_type': '值的类型与字段 {{field}}（{{type}}）不符',
    'field.workflow.not_a_date_field': '字段 {{field}} 不是日期或日期时间字段',
    'field.workflow.not_a_user_field': '字段 {{field}} 不是用户字段',
    'field.workflow.no_record': '该触发方式没有触发记录，步骤 {{step}} 无法使用记录',
    'field.workflow.changed_to_needs_one_field': '“变为某值”只能用于一个字段',
    'field.workflow.bad_target': '步骤 {{step}} 的目标 {{target}} 不是新建或查找记录的步骤',
    'field.workflow.unknown_workflow': '要启动的流程 {{workflow}} 不存在',
    'field.workflow.unknown_level': '驳回到的审批节点 {{level}} 不存在',
    'field.workflow.invalid_url': '步骤 {{step}} 的网址必须以 http:// 或 https:// 开头',
    'field.workflow.merge_invalid': '合并字段 {{ref}} 写法有误',
    'field.workflow.merge_unknown_field': '合并字段 {{ref}} 引用的字段 {{field}} 不存在',
    'field.workflow.merge_deleted_field': '合并字段 {{ref}} 引用的字段 {{field}} 已被删除',
    'field.workflow.merge_unknown_step': '合并字段 {{ref}} 引用的步骤不存在',
    'field.workflow.merge_later_step': '合并字段 {{ref}} 引用的步骤不一定在步骤 {{step}} 之前执行',
    'field.workflow.merge_unknown_output': '合并字段 {{ref}} 引用的输出 {{output}} 不存在',
    'field.workflow.missing_object': '模板需要对象 {{object}}，当前工作区还没有',
    'field.workflow.not_published': '流程还没有发布过，不能启用',
    'field.workflow.trigger_without_record': '该流程的触发方式没有记录，不能用记录试运行',
    'field.workflow.step_unavailable': '步骤 {{step}} 的类型（{{type}}）暂不能运行，发布前请改用其他步骤',
    'field.workflow.trigger_unavailable': '触发方式 {{type}} 暂不能运行，发布前请改用记录触发',
    'field.workflow.loop_limit': '流程相互触发已达 {{max}} 层，为防止死循环已停止',
    'field.workflow.rate_limited': '该流程每分钟最多运行 {{max}} 次，本次未运行',
    'field.workflow.merge_unresolved': '合并字段 {{refs}} 取不到值（字段已删除或前面的步骤没有这个输出）',
    'field.workflow.record_gone': '触发记录已被删除或无法读取',
    'field.workflow.no_recipient': '步骤 {{step}} 找不到接收人（{{who}}）',
    'field.workflow.no_target': '步骤 {{step}} 没有可操作的记录',
    'field.workflow.step_error': '步骤 {{step}} 出错：{{reason}}',
    'field.workflow.http_failed': '请求失败（已尝试 {{attempts}} 次）：{{reason}}',
    'field.workflow.target_not_published': '要启动的流程 {{workflow}} 没有已发布的版本',
    'field.workflow.child_failed': '子流程运行失败',
    'field.workflow.too_many_steps': '一次运行最多执行 {{max}} 个步骤',
    'field.workflow.cancelled': '运行已被 {{by}} 取消',
    'field.workflow.not_retryable': '只有失败的运行可以重试',
    'field.workflow.not_manual': '该流程不是已启用的手动触发流程',
    'field.workflow.not_active': '只有运行中或等待中的运行可以取消',
    'field.workflow.not_webhook': '该流程不是由 Webhook 触发的',
    'field.workflow.unknown_template': '步骤 {{step}} 的邮件模板不存在',
    'field.workflow.unknown_form': '触发的表单不存在，或不是 {{object}} 的表单',
    'field.workflow.email_failed': '邮件发送失败（已尝试 {{attempts}} 次）：{{reason}}',
    'field.workflow.disabled': '该流程已停用',
    'field.approval.not_pending': '该审批已经结束',
    'field.approval.not_approver': '你不是当前审批节点的待审批人',
    'field.approval.record_locked': '记录正在审批中（{{title}}），审批结束前不能修改',
  },
  en: {
    'field.workflow.invalid_definition': 'Malformed workflow definition: {{reason}}',
    'field.invalid_cron': 'Invalid cron expression; expected 5 fields: minute hour day month weekday',
    'field.workflow.unknown_start': 'The start step {{step}} does not exist',
    'field.workflow.duplicate_step': 'Step id {{step}} is used twice',
    'field.workflow.dangling_next': 'Step {{step}} goes to {{target}}, which does not exist',
    'field.workflow.unreachable_step': 'Step {{step}} can never run (the start does not lead to it)',
    'field.workflow.busy_cycle': 'Step {{step}} is on a loop without a wait; the workflow would loop forever',
    'field.workflow.invalid_filter': 'Invalid condition: {{detail}}',
    'field.workflow.unknown_object': 'Object {{object}} does not exist or is inactive',
    'field.workflow.unknown_field': 'Field {{field}} does not exist',
    'field.workflow.deleted_field': 'Field {{field}} has been deleted',
    'field.workflow.field_not_writable': 'A workflow cannot change field {{field}}',
    'field.workflow.wrong_value_type': 'The value does not fit field {{field}} ({{type}})',
    'field.workflow.not_a_date_field': 'Field {{field}} is not a date or datetime field',
    'field.workflow.not_a_user_field': 'Field {{field}} is not a user field',
    'field.workflow.no_record': 'This trigger has no record, so step {{step}} cannot use one',
    'field.workflow.changed_to_needs_one_field': '"Changed to" applies to exactly one field',
    'field.workflow.bad_target':
      'Step {{step}} acts on {{target}}, which is not a create or find records step',
    'field.workflow.unknown_workflow': 'The workflow to start ({{workflow}}) does not exist',
    'field.workflow.unknown_level': 'The approval level to return to ({{level}}) does not exist',
    'field.workflow.invalid_url': 'The URL of step {{step}} must start with http:// or https://',
    'field.workflow.merge_invalid': 'Merge field {{ref}} is malformed',
    'field.workflow.merge_unknown_field':
      'Merge field {{ref}} refers to field {{field}}, which does not exist',
    'field.workflow.merge_deleted_field':
      'Merge field {{ref}} refers to field {{field}}, which has been deleted',
    'field.workflow.merge_unknown_step': 'Merge field {{ref}} refers to a step that does not exist',
    'field.workflow.merge_later_step':
      'Merge field {{ref}} refers to a step that does not always run before step {{step}}',
    'field.workflow.merge_unknown_output':
      'Merge field {{ref}} refers to output {{output}}, which the step does not have',
    'field.workflow.missing_object':
      'The template needs object {{object}}, which this workspace does not have yet',
    'field.workflow.not_published': 'The workflow has never been published, so it cannot be enabled',
    'field.workflow.trigger_without_record':
      "This workflow's trigger has no record, so it cannot be test-run on one",
    'field.workflow.step_unavailable':
      'Steps of type {{type}} (step {{step}}) cannot run yet; use another step before publishing',
    'field.workflow.trigger_unavailable':
      'Trigger {{type}} cannot run yet; use a record trigger before publishing',
    'field.workflow.loop_limit':
      'Workflows triggered each other {{max}} levels deep; stopped to prevent a loop',
    'field.workflow.rate_limited':
      'This workflow runs at most {{max}} times a minute; this run did not start',
    'field.workflow.merge_unresolved':
      'Merge fields {{refs}} have no value (a deleted field, or an earlier step without that output)',
    'field.workflow.record_gone': 'The trigger record has been deleted or cannot be read',
    'field.workflow.no_recipient': 'Step {{step}} found nobody to send to ({{who}})',
    'field.workflow.no_target': 'Step {{step}} has no record to act on',
    'field.workflow.step_error': 'Step {{step}} failed: {{reason}}',
    'field.workflow.http_failed': 'The request failed after {{attempts}} attempts: {{reason}}',
    'field.workflow.target_not_published': 'The workflow to start ({{workflow}}) has no published version',
    'field.workflow.child_failed': 'The started workflow failed',
    'field.workflow.too_many_steps': 'A run executes at most {{max}} steps',
    'field.workflow.cancelled': 'The run was cancelled by {{by}}',
    'field.workflow.not_retryable': 'Only a failed run can be retried',
    'field.workflow.not_manual': 'This workflow is not an enabled workflow with a manual trigger',
    'field.workflow.not_active': 'Only a running or waiting run can be cancelled',
    'field.workflow.not_webhook': 'This workflow is not triggered by a webhook',
    'field.workflow.unknown_template': 'The e-mail template of step {{step}} does not exist',
    'field.workflow.unknown_form': 'The trigger’s form does not exist, or is not a form of {{object}}',
    'field.workflow.email_failed': 'The e-mail could not be sent after {{attempts}} attempts: {{reason}}',
    'field.workflow.disabled': 'This workflow is disabled',
    'field.approval.not_pending': 'This approval has already been decided',
    'field.approval.not_approver': 'You are not a pending approver of the current level',
    'field.approval.record_locked':
      'The record is awaiting approval ({{title}}) and cannot be changed until it is decided',
  },
}
