import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  approvalDecisionSchema,
  approvalDetailSchema,
  approvalListQuerySchema,
  approvalListSchema,
  emailTemplateInputSchema,
  emailTemplateSchema,
  manualRunInputSchema,
  manualWorkflowListSchema,
  manualWorkflowsQuerySchema,
  runPlanSchema,
  testRunInputSchema,
  workflowInputSchema,
  workflowPatchSchema,
  workflowRunDetailSchema,
  workflowRunListQuerySchema,
  workflowRunListSchema,
  workflowSchema,
  workflowTemplateSchema,
  workflowVersionListSchema,
  workflowVersionSchema,
} from '@kemai/shared/api/automation.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { ERRORS, json, jsonBody, problem } from '../../http/openapi.ts'
import type { Services } from '../../http/services.ts'
import { errors } from '../errors.ts'
import { createEmailTemplatesService, type EmailTemplatesService } from './email-templates.service.ts'
import { createRunsService, type RunsService } from './runs.service.ts'
import { createWorkflowsService, type WorkflowsService } from './workflows.service.ts'

const idParam = z.object({ id: z.string().max(64) })
const built = new WeakMap<Services, WorkflowsService>()

/** One workflows service per set of kernel services. */
function workflows(services: Services): WorkflowsService {
  let s = built.get(services)
  if (!s) {
    s = createWorkflowsService({
      db: services.database.db,
      metadata: services.metadata,
      records: services.records,
    })
    built.set(services, s)
  }
  return s
}

const builtRuns = new WeakMap<Services, RunsService>()

function runs(services: Services): RunsService {
  let s = builtRuns.get(services)
  if (!s) {
    s = createRunsService({
      db: services.database.db,
      records: services.records,
      metadata: services.metadata,
      notify: () => services.events?.notify(),
    })
    builtRuns.set(services, s)
  }
  return s
}

const builtTemplates = new WeakMap<Services, EmailTemplatesService>()

function templates(services: Services): EmailTemplatesService {
  let s = builtTemplates.get(services)
  if (!s) {
    s = createEmailTemplatesService({ db: services.database.db })
    builtTemplates.set(services, s)
  }
  return s
}

const WITH_CONFLICT = { ...ERRORS, 409: problem('Conflict') }

/** Workflows as data (`/api/v1/workflows`, docs/automation.md). Admins or the `_automation` grant. */
export function automationRoutes(app: OpenAPIHono<AppEnv>): void {
  const tags = ['Automation']
  const route = <T extends Parameters<typeof createRoute>[0]>(r: T) => createRoute({ ...r, tags })
  const svc = (c: { get(k: 'services'): Services }) => workflows(c.get('services'))

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workflows/templates',
      summary: 'Ready-made workflows, with what this workspace lacks to install each',
      responses: { 200: json(z.object({ data: z.array(workflowTemplateSchema) }), 'Templates'), ...ERRORS },
    }),
    async (c) => c.json({ data: await svc(c).templates(requireActor(c)) }, 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/workflows/templates/{key}/install',
      summary: 'Install a template as a new disabled workflow (409 when its objects are missing)',
      request: { params: z.object({ key: z.string().max(64) }) },
      responses: { 201: json(workflowSchema, 'The workflow'), ...WITH_CONFLICT },
    }),
    async (c) => c.json(await svc(c).installTemplate(requireActor(c), c.req.valid('param').key), 201),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workflows',
      summary: 'Workflows of the workspace, each with the problems of its draft',
      responses: { 200: json(z.object({ data: z.array(workflowSchema) }), 'Workflows'), ...ERRORS },
    }),
    async (c) => c.json({ data: await svc(c).list(requireActor(c)) }, 200),
  )
  // before `/api/v1/workflows/{id}`, which would take "manual" for an id
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workflows/manual',
      summary:
        'Enabled workflows with a published manual trigger on an object, for anyone who may read its records',
      request: { query: manualWorkflowsQuerySchema },
      responses: { 200: json(manualWorkflowListSchema, 'Workflows to run by hand'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        { data: await runs(c.get('services')).manualWorkflows(requireActor(c), c.req.valid('query').object) },
        200,
      ),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/workflows',
      summary: 'Create a workflow with a draft definition (checked for shape; meaning is checked on publish)',
      request: { body: jsonBody(workflowInputSchema) },
      responses: { 201: json(workflowSchema, 'The workflow'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).create(requireActor(c), c.req.valid('json')), 201),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workflows/{id}',
      summary: 'One workflow',
      request: { params: idParam },
      responses: { 200: json(workflowSchema, 'The workflow'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).get(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'patch',
      path: '/api/v1/workflows/{id}',
      summary: 'Change the name, description or draft (the published version does not change)',
      request: { params: idParam, body: jsonBody(workflowPatchSchema) },
      responses: { 200: json(workflowSchema, 'The workflow'), ...ERRORS },
    }),
    async (c) =>
      c.json(await svc(c).update(requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(
    route({
      method: 'delete',
      path: '/api/v1/workflows/{id}',
      summary: 'Delete a workflow and its versions',
      request: { params: idParam },
      responses: { 204: { description: 'Deleted' }, ...ERRORS },
    }),
    async (c) => {
      await svc(c).remove(requireActor(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/workflows/{id}/publish',
      summary: 'Validate the draft and publish it as the next immutable version (400 lists every problem)',
      request: { params: idParam },
      responses: { 200: json(workflowSchema, 'The workflow'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).publish(requireActor(c), c.req.valid('param').id), 200),
  )
  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.openapi(
      route({
        method: 'post',
        path: `/api/v1/workflows/{id}/${action}`,
        summary: enabled ? 'Enable the published version (409 when never published)' : 'Disable the workflow',
        request: { params: idParam },
        responses: { 200: json(workflowSchema, 'The workflow'), ...WITH_CONFLICT },
      }),
      async (c) => c.json(await svc(c).setEnabled(requireActor(c), c.req.valid('param').id, enabled), 200),
    )
  }
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workflows/{id}/versions',
      summary: 'Published versions, newest first',
      request: { params: idParam },
      responses: { 200: json(workflowVersionListSchema, 'Versions'), ...ERRORS },
    }),
    async (c) => c.json({ data: await svc(c).versions(requireActor(c), c.req.valid('param').id) }, 200),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workflows/{id}/versions/{version}',
      summary: 'One published version with its definition',
      request: { params: idParam.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }) },
      responses: { 200: json(workflowVersionSchema, 'The version'), ...ERRORS },
    }),
    async (c) => {
      const p = c.req.valid('param')
      return c.json(await svc(c).version(requireActor(c), p.id, p.version), 200)
    },
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/workflows/{id}/test-run',
      summary: 'What each step would do on a record the caller may read, without writing anything',
      request: { params: idParam, body: jsonBody(testRunInputSchema) },
      responses: { 200: json(runPlanSchema, 'The plan'), ...WITH_CONFLICT },
    }),
    async (c) =>
      c.json(await svc(c).testRun(requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  const runsSvc = (c: { get(k: 'services'): Services }) => runs(c.get('services'))
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/workflows/{id}/run',
      summary: 'Start an enabled workflow with a manual trigger on records the caller may read',
      request: { params: idParam, body: jsonBody(manualRunInputSchema) },
      responses: { 202: json(z.object({ runIds: z.array(z.string()) }), 'Started'), ...WITH_CONFLICT },
    }),
    async (c) =>
      c.json(
        await runsSvc(c).startManual(requireActor(c), c.req.valid('param').id, c.req.valid('json').recordIds),
        202,
      ),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workflow-runs',
      summary: 'Runs, newest first; filter by workflow, status or record',
      request: { query: workflowRunListQuerySchema },
      responses: { 200: json(workflowRunListSchema, 'Runs'), ...ERRORS },
    }),
    async (c) => c.json(await runsSvc(c).list(requireActor(c), c.req.valid('query')), 200),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workflow-runs/{id}',
      summary: "One run with each step's input, output, duration and error",
      request: { params: idParam },
      responses: { 200: json(workflowRunDetailSchema, 'The run'), ...ERRORS },
    }),
    async (c) => c.json(await runsSvc(c).get(requireActor(c), c.req.valid('param').id), 200),
  )
  for (const action of ['retry', 'cancel'] as const) {
    app.openapi(
      route({
        method: 'post',
        path: `/api/v1/workflow-runs/{id}/${action}`,
        summary:
          action === 'retry'
            ? 'Go on with a failed run from the step that failed (409 otherwise)'
            : 'Stop a running or waiting run (409 otherwise)',
        request: { params: idParam },
        responses: { 200: json(workflowRunDetailSchema, 'The run'), ...WITH_CONFLICT },
      }),
      async (c) => c.json(await runsSvc(c)[action](requireActor(c), c.req.valid('param').id), 200),
    )
  }

  const approvals = (c: { get(k: 'services'): Services }) => c.get('services').automation.approvals
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/approvals',
      summary:
        "Approvals: the caller's inbox (default), the requests they submitted, or all (automation readers)",
      request: { query: approvalListQuerySchema },
      responses: { 200: json(approvalListSchema, 'Approvals'), ...ERRORS },
    }),
    async (c) => c.json(await approvals(c).list(requireActor(c), c.req.valid('query')), 200),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/approvals/{id}',
      summary: 'One approval with its levels and every decision and comment',
      request: { params: idParam },
      responses: { 200: json(approvalDetailSchema, 'The approval'), ...ERRORS },
    }),
    async (c) => c.json(await approvals(c).get(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/approvals/{id}/decide',
      summary: 'Approve or reject as a pending approver of the current level, with an optional comment',
      request: { params: idParam, body: jsonBody(approvalDecisionSchema) },
      responses: { 200: json(approvalDetailSchema, 'The approval'), ...WITH_CONFLICT },
    }),
    async (c) =>
      c.json(await approvals(c).decide(requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/workflows/{id}/webhook-secret',
      summary: "A new secret for a webhook-triggered workflow's URL (the old one stops working)",
      request: { params: idParam },
      responses: { 200: json(workflowSchema, 'The workflow, with its new webhookUrl'), ...WITH_CONFLICT },
    }),
    async (c) => c.json(await svc(c).rotateWebhookSecret(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/hooks/workflows/{id}/{secret}',
      summary:
        'Start a webhook-triggered workflow: no login, the secret in the URL; a JSON object body is the payload',
      security: [],
      description: 'Body (optional): a JSON object, read by the steps as `{{trigger.payload.<path>}}`.',
      request: { params: z.object({ id: z.string().max(64), secret: z.string().max(100) }) },
      responses: { 202: json(z.object({ runId: z.string() }), 'Started'), ...WITH_CONFLICT },
    }),
    async (c) => {
      const p = c.req.valid('param')
      const text = await c.req.text()
      let body: unknown = {}
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text)
        } catch {
          throw errors.badRequest([{ path: 'body', code: 'invalid_format' }])
        }
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw errors.badRequest([{ path: 'body', code: 'invalid_type', params: { expected: 'object' } }])
      return c.json(await runsSvc(c).startFromWebhook(p.id, p.secret, body), 202)
    },
  )

  const tpl = (c: { get(k: 'services'): Services }) => templates(c.get('services'))
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/email-templates',
      summary: 'E-mail templates of workflows',
      responses: { 200: json(z.object({ data: z.array(emailTemplateSchema) }), 'Templates'), ...ERRORS },
    }),
    async (c) => c.json({ data: await tpl(c).list(requireActor(c)) }, 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/email-templates',
      summary: 'Create an e-mail template (subject and plain-text body with merge fields)',
      request: { body: jsonBody(emailTemplateInputSchema) },
      responses: { 201: json(emailTemplateSchema, 'The template'), ...ERRORS },
    }),
    async (c) => c.json(await tpl(c).create(requireActor(c), c.req.valid('json')), 201),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/email-templates/{id}',
      summary: 'One e-mail template',
      request: { params: idParam },
      responses: { 200: json(emailTemplateSchema, 'The template'), ...ERRORS },
    }),
    async (c) => c.json(await tpl(c).get(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/email-templates/{id}',
      summary: 'Replace an e-mail template',
      request: { params: idParam, body: jsonBody(emailTemplateInputSchema) },
      responses: { 200: json(emailTemplateSchema, 'The template'), ...ERRORS },
    }),
    async (c) =>
      c.json(await tpl(c).update(requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(
    route({
      method: 'delete',
      path: '/api/v1/email-templates/{id}',
      summary: 'Delete an e-mail template (workflows that use it fail to publish, or fail at that step)',
      request: { params: idParam },
      responses: { 204: { description: 'Deleted' }, ...ERRORS },
    }),
    async (c) => {
      await tpl(c).remove(requireActor(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
}
