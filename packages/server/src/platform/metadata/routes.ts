import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  createFieldSchema,
  createObjectSchema,
  fieldCountsSchema,
  fieldSchema,
  objectCountsSchema,
  objectSchema,
  updateFieldSchema,
  updateObjectSchema,
} from '@kemai/shared/api/metadata.api'
import type { ObjectDef } from '@kemai/shared/fields'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { ERRORS, json, jsonBody, problem } from '../../http/openapi.ts'
import type { Actor } from '../access/actor.ts'
import { canObject, readableFields } from '../access/permissions.ts'
import { errors } from '../errors.ts'
import type { WorkspaceSchema } from './service.ts'

const tags = ['Metadata']
const objectParam = z.object({ object: z.string().max(64) })
const fieldParams = z.object({ object: z.string().max(64), field: z.string().max(64) })
const confirmQuery = z.object({ confirm: z.enum(['true', 'false']).optional() })

/**
 * An object as the caller may see it. Beyond admins, fields the role hides are left out (the records
 * never carry their values, so a list column, a form input or a filter on them could only fail), and so
 * are inverse lists whose source object or relation field the caller may not read.
 */
function dto(schema: WorkspaceSchema, o: ObjectDef, actor: Actor) {
  const full = actor.isAdmin || actor.isSystem
  const names = o.fields.map((f) => f.name)
  const readable = new Set(full ? names : readableFields(actor, o.name, names))
  const inverses = (schema.inverses.get(o.name) ?? []).filter(
    (inv) => full || readableFields(actor, inv.fromObject, [inv.field]).length > 0,
  )
  return {
    ...o,
    fields: o.fields.filter((f) => readable.has(f.name)),
    layout: o.layout ?? null,
    dedup: o.dedup === true,
    module: o.module ?? null,
    inverses,
  }
}

export function metadataRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/metadata/objects',
      tags,
      summary: 'Objects and their fields (only those the caller may read)',
      responses: {
        200: json(z.object({ data: z.array(objectSchema) }), 'Objects'),
        401: problem('Not signed in'),
      },
    }),
    async (c) => {
      const actor = requireActor(c)
      const schema = await c.get('services').metadata.getSchema(actor)
      const data = [...schema.objects.values()].filter(
        (o) => actor.isAdmin || (o.isActive && canObject(actor, o.name, 'read')),
      )
      return c.json({ data: data.map((o) => dto(schema, o, actor)) as z.infer<typeof objectSchema>[] }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/metadata/counts',
      tags,
      summary: 'Live records per object (metadata admins)',
      responses: { 200: json(objectCountsSchema, 'Records per object name'), ...ERRORS },
    }),
    async (c) => {
      const data = await c.get('services').metadata.recordCounts(requireActor(c))
      return c.json({ data }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/metadata/objects/{object}/counts',
      tags,
      summary: 'Live records of an object and, per field, the records with a value (metadata admins)',
      request: { params: objectParam },
      responses: { 200: json(fieldCountsSchema, 'Counts'), ...ERRORS },
    }),
    async (c) => {
      const counts = await c
        .get('services')
        .metadata.objectCounts(requireActor(c), c.req.valid('param').object)
      return c.json(counts, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/metadata/objects/{object}',
      tags,
      summary: 'One object with its fields and inverse relations',
      request: { params: objectParam },
      responses: { 200: json(objectSchema, 'The object'), ...ERRORS },
    }),
    async (c) => {
      const actor = requireActor(c)
      const { metadata } = c.get('services')
      const schema = await metadata.getSchema(actor)
      const o = metadata.objectIn(schema, c.req.valid('param').object, { includeInactive: actor.isAdmin })
      if (!actor.isAdmin && !canObject(actor, o.name, 'read')) throw errors.objectNotFound(o.name)
      return c.json(dto(schema, o, actor) as z.infer<typeof objectSchema>, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/metadata/objects',
      tags,
      summary: 'Create a custom object (a new table with a name field)',
      request: { body: jsonBody(createObjectSchema) },
      responses: { 201: json(objectSchema, 'The new object'), ...ERRORS, 409: problem('Name taken') },
    }),
    async (c) => {
      const actor = requireActor(c)
      const { metadata } = c.get('services')
      const o = await metadata.createObject(actor, c.req.valid('json'))
      const schema = await metadata.getSchema(actor)
      return c.json(dto(schema, schema.objects.get(o.name) ?? o, actor) as z.infer<typeof objectSchema>, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/metadata/objects/{object}',
      tags,
      summary: 'Rename (labels), deactivate or change the title field of an object',
      request: { params: objectParam, body: jsonBody(updateObjectSchema) },
      responses: { 200: json(objectSchema, 'The object'), ...ERRORS },
    }),
    async (c) => {
      const actor = requireActor(c)
      const { metadata } = c.get('services')
      const name = c.req.valid('param').object
      await metadata.updateObject(actor, name, c.req.valid('json'))
      const schema = await metadata.getSchema(actor)
      return c.json(
        dto(schema, metadata.objectIn(schema, name, { includeInactive: true }), actor) as z.infer<
          typeof objectSchema
        >,
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/metadata/objects/{object}',
      tags,
      summary: 'Delete a custom object and its table (records exist → needs ?confirm=true)',
      request: { params: objectParam, query: confirmQuery },
      responses: {
        204: { description: 'Deleted' },
        ...ERRORS,
        409: problem('Has records (confirmation required) or is referenced'),
      },
    }),
    async (c) => {
      await c.get('services').metadata.deleteObject(requireActor(c), c.req.valid('param').object, {
        confirm: c.req.valid('query').confirm === 'true',
      })
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/metadata/objects/{object}/fields',
      tags,
      summary: 'Add a field (a new column) to an object',
      request: { params: objectParam, body: jsonBody(createFieldSchema) },
      responses: {
        201: json(fieldSchema, 'The new field'),
        ...ERRORS,
        409: problem('Name taken or duplicates for a unique field'),
      },
    }),
    async (c) => {
      const f = await c
        .get('services')
        .metadata.createField(requireActor(c), c.req.valid('param').object, c.req.valid('json'))
      return c.json(f as z.infer<typeof fieldSchema>, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/metadata/objects/{object}/fields/{field}',
      tags,
      summary: 'Rename (labels), change options, deactivate or reorder a field',
      request: { params: fieldParams, body: jsonBody(updateFieldSchema) },
      responses: {
        200: json(fieldSchema, 'The field'),
        ...ERRORS,
        409: problem('Existing duplicates prevent unique'),
      },
    }),
    async (c) => {
      const { object, field } = c.req.valid('param')
      const f = await c
        .get('services')
        .metadata.updateField(requireActor(c), object, field, c.req.valid('json'))
      return c.json(f as z.infer<typeof fieldSchema>, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/metadata/objects/{object}/fields/{field}',
      tags,
      summary: 'Delete a field and its column (values exist → needs ?confirm=true)',
      request: { params: fieldParams, query: confirmQuery },
      responses: {
        204: { description: 'Deleted' },
        ...ERRORS,
        409: problem('Has data: confirmation required'),
      },
    }),
    async (c) => {
      const { object, field } = c.req.valid('param')
      await c.get('services').metadata.deleteField(requireActor(c), object, field, {
        confirm: c.req.valid('query').confirm === 'true',
      })
      return c.body(null, 204)
    },
  )
}
