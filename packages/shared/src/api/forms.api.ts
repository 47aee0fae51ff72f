import { z } from 'zod'
import { type FieldType, labelSchema, NAME_PATTERN } from '../fields.ts'

/**
 * Web forms (`/api/v1/forms`, docs/forms.md): a form shows some fields of one object to anonymous
 * visitors; each good submission creates a record of that object. The public side is
 * `/api/v1/public/forms/{key}` (the definition) and `…/{key}/submit`.
 */

/** Field types a form can ask for; owner, relations, files, tags and JSON are not for strangers to set. */
export const FORM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'email',
  'phone',
  'url',
  'select',
  'multi_select',
  'boolean',
  'address',
  'rating',
] as const satisfies readonly FieldType[]
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number]

export function isFormFieldType(t: string): t is FormFieldType {
  return (FORM_FIELD_TYPES as readonly string[]).includes(t)
}

/** The hidden input a person never sees and a bot fills: a submission with it filled creates nothing. */
export const HONEYPOT_FIELD = '_website'
/** Largest submission body, bytes (JSON or urlencoded). */
export const MAX_SUBMISSION_BYTES = 64 * 1024
export const MAX_FORM_FIELDS = 50

const text = (max: number) => z.string().trim().max(max)
/** A text in both languages, either may be left out (the other, or a default, shows then). */
export const localizedTextSchema = (max: number) =>
  z.object({ 'zh-CN': text(max).optional(), en: text(max).optional() }).strict()
export type LocalizedText = { 'zh-CN'?: string | undefined; en?: string | undefined }

export const formFieldInputSchema = z
  .object({
    /** the object's field */
    field: z.string().regex(NAME_PATTERN, 'invalid_name'),
    /** the label on the form, instead of the field's own */
    label: localizedTextSchema(200).optional(),
    required: z.boolean().default(false),
    placeholder: localizedTextSchema(200).optional(),
    help: localizedTextSchema(1000).optional(),
    /**
     * Not shown: every record gets `value` (e.g. source = website). Visitors never see or send it; it is
     * checked like a visitor's value when the form is saved.
     */
    hidden: z.boolean().default(false),
    value: z.unknown().optional(),
  })
  .strict()
  .meta({ id: 'FormFieldInput' })
export type FormFieldInput = z.input<typeof formFieldInputSchema>
export type FormField = z.output<typeof formFieldInputSchema>

const formBody = {
  name: z.string().trim().min(1).max(200),
  /** shown to visitors: title, text above the fields, the button, and what they read after sending */
  title: localizedTextSchema(200).optional(),
  description: localizedTextSchema(2000).optional(),
  submitLabel: localizedTextSchema(50).optional(),
  successMessage: localizedTextSchema(1000).optional(),
  /** where the visitor goes after a good submission instead of the success message (http or https) */
  redirectUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullable()
    .optional(),
  /** the owner of every record the form creates (a user of the workspace); none when null */
  ownerId: z.uuid().nullable().optional(),
  enabled: z.boolean().optional(),
  /** in order; each field of the object at most once */
  fields: z.array(formFieldInputSchema).min(1).max(MAX_FORM_FIELDS),
}

export const createFormSchema = z
  .object({ ...formBody, objectName: z.string().regex(NAME_PATTERN, 'invalid_name') })
  .strict()
  .meta({ id: 'CreateFormBody' })
export type CreateFormInput = z.input<typeof createFormSchema>
export type CreateFormBody = z.output<typeof createFormSchema>

/** Every member is optional; `fields` replaces the whole list. The object of a form does not change. */
export const updateFormSchema = z
  .object({
    ...formBody,
    name: formBody.name.optional(),
    fields: formBody.fields.optional(),
  })
  .strict()
  .meta({ id: 'UpdateFormBody' })
export type UpdateFormInput = z.input<typeof updateFormSchema>
export type UpdateFormBody = z.output<typeof updateFormSchema>

const problem = z.object({ path: z.string(), code: z.string(), message: z.string() })

export const formSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    objectName: z.string(),
    enabled: z.boolean(),
    fields: z.array(
      z.object({
        field: z.string(),
        label: localizedTextSchema(200).optional(),
        required: z.boolean(),
        placeholder: localizedTextSchema(200).optional(),
        help: localizedTextSchema(1000).optional(),
        hidden: z.boolean(),
        value: z.unknown().optional(),
      }),
    ),
    title: localizedTextSchema(200),
    description: localizedTextSchema(2000),
    submitLabel: localizedTextSchema(50),
    successMessage: localizedTextSchema(1000),
    redirectUrl: z.string().nullable(),
    ownerId: z.string().nullable(),
    /** the unguessable part of the public link `/f/{publicKey}`; a new one stops the old link */
    publicKey: z.string(),
    /** records created through the form, and submissions dropped as spam (honeypot) */
    submissionCount: z.number().int(),
    spamCount: z.number().int(),
    lastSubmittedAt: z.string().nullable(),
    /** what no longer fits the object's metadata (a field deleted or made unfit since); empty when fine */
    problems: z.array(problem),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Form' })
export type FormDto = z.infer<typeof formSchema>

export const formListQuerySchema = z.object({
  /** only the forms of this object (the workflow builder's trigger picker) */
  object: z.string().regex(NAME_PATTERN, 'invalid_name').optional(),
})
export const formListSchema = z.object({ data: z.array(formSchema) }).meta({ id: 'FormList' })

export const SUBMISSION_OUTCOMES = ['created', 'spam'] as const
export type SubmissionOutcome = (typeof SUBMISSION_OUTCOMES)[number]

export const formSubmissionSchema = z
  .object({
    id: z.uuid(),
    formId: z.uuid(),
    outcome: z.enum(SUBMISSION_OUTCOMES),
    /** the record it created (null for spam) */
    recordId: z.string().nullable(),
    /** the record's title now, when the caller may read it */
    recordTitle: z.string().nullable(),
    at: z.string(),
    /** the page it came from: origin and path only (no query string) */
    referrer: z.string().nullable(),
    /** the browser, cut to 200 characters */
    userAgent: z.string().nullable(),
    /** the submitter's language */
    locale: z.string().nullable(),
  })
  .meta({ id: 'FormSubmission' })
export type FormSubmissionDto = z.infer<typeof formSubmissionSchema>

export const submissionListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** the `nextCursor` of the previous page */
  cursor: z.string().max(200).optional(),
})
export const formSubmissionListSchema = z
  .object({ data: z.array(formSubmissionSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'FormSubmissionList' })

/** A field as the public form shows it: labels and texts in both languages, the checks it takes. */
export const publicFormFieldSchema = z.object({
  name: z.string(),
  type: z.enum(FORM_FIELD_TYPES),
  label: labelSchema,
  required: z.boolean(),
  placeholder: localizedTextSchema(200).nullable(),
  help: localizedTextSchema(1000).nullable(),
  choices: z.array(z.object({ value: z.string(), label: z.object({ 'zh-CN': z.string(), en: z.string() }) })),
  maxLength: z.number().int().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** rating: stars */
  scale: z.number().int().nullable(),
  /** number: decimal places */
  precision: z.number().int().nullable(),
  /** currency: its code */
  currency: z.string().nullable(),
})
export type PublicFormField = z.infer<typeof publicFormFieldSchema>

const both = z.object({ 'zh-CN': z.string(), en: z.string() })
export const publicFormSchema = z
  .object({
    key: z.string(),
    title: both,
    description: both,
    submitLabel: both,
    successMessage: both,
    redirectUrl: z.string().nullable(),
    fields: z.array(publicFormFieldSchema),
    /** the name of the honeypot input to render hidden */
    honeypot: z.string(),
  })
  .meta({ id: 'PublicForm' })
export type PublicForm = z.infer<typeof publicFormSchema>

export const submitResultSchema = z
  .object({
    ok: z.literal(true),
    /** the success message in the submitter's language */
    message: z.string(),
    redirectUrl: z.string().nullable(),
  })
  .meta({ id: 'FormSubmitResult' })
export type SubmitResult = z.infer<typeof submitResultSchema>

/** Issue codes of the forms API (`errors[].code`), with their messages in i18n/messages.ts. */
export type FormIssueCode =
  | 'forms.unknown_object'
  | 'forms.unknown_field'
  | 'forms.field_type'
  | 'forms.duplicate_field'
  | 'forms.required_missing'
  | 'forms.unknown_owner'
  | 'forms.in_use'
