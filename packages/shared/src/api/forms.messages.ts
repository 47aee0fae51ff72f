// Without zod: the web app's message catalogue (i18n/messages.ts) imports this on every page.

/** Server messages of the forms API's issues (merged into the shared catalogue as `field.<code>`). */
export const FORM_MESSAGES = {
  'zh-CN': {
    'field.forms.unknown_object': '对象 {{object}} 不存在或已停用',
    'field.forms.unknown_field': '字段 {{field}} 不存在或已停用',
    'field.forms.field_type': '字段 {{field}} 的类型（{{type}}）不能放在表单上',
    'field.forms.duplicate_field': '字段 {{field}} 在表单上出现了两次',
    'field.forms.required_missing': '必填字段 {{field}} 没有默认值，必须放在表单上',
    'field.forms.unknown_owner': '负责人不存在或已停用',
    'field.forms.in_use': '已启用的流程“{{workflow}}”由这个表单触发，请先停用或修改该流程',
  },
  en: {
    'field.forms.unknown_object': 'Object {{object}} does not exist or is inactive',
    'field.forms.unknown_field': 'Field {{field}} does not exist or is inactive',
    'field.forms.field_type': 'Field {{field}} is of a type ({{type}}) a form cannot ask for',
    'field.forms.duplicate_field': 'Field {{field}} is on the form twice',
    'field.forms.required_missing':
      'Required field {{field}} has no default value, so it must be on the form',
    'field.forms.unknown_owner': 'The owner does not exist or is inactive',
    'field.forms.in_use':
      'The enabled workflow “{{workflow}}” starts from this form: disable or change it first',
  },
}
