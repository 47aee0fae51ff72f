import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import {
  createTeamBodySchema,
  idParamSchema,
  setTeamMemberBodySchema,
  teamListSchema,
  teamMemberListSchema,
  teamMemberParamSchema,
  teamSchema,
  updateTeamBodySchema,
} from '@kemai/shared/api/access.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { toTeamDto } from './access.mappers.ts'
import { body, ERRORS, json, NO_CONTENT, requestMeta } from './openapi-parts.ts'

const tags = ['Teams']

export function teamsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/teams',
      tags,
      summary: 'The team tree, ordered by path (every signed-in user may read it)',
      responses: { 200: json(teamListSchema, 'Teams'), ...ERRORS },
    }),
    async (c) => {
      const rows = await c.get('services').access.teams.list(requireActor(c))
      return c.json({ data: rows.map(toTeamDto) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/teams',
      tags,
      summary: 'Create a team under a parent (or a new root with parentId null) (admin)',
      request: body(createTeamBodySchema),
      responses: { 201: json(teamSchema, 'Created'), ...ERRORS },
    }),
    async (c) => {
      const row = await c
        .get('services')
        .access.teams.create(requireActor(c), c.req.valid('json'), requestMeta(c))
      return c.json(toTeamDto(row), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/teams/{id}',
      tags,
      summary: 'One team',
      request: { params: idParamSchema },
      responses: { 200: json(teamSchema, 'The team'), ...ERRORS },
    }),
    async (c) => {
      const row = await c.get('services').access.teams.get(requireActor(c), c.req.valid('param').id)
      return c.json(toTeamDto(row), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/teams/{id}',
      tags,
      summary: 'Rename and/or move a team with its subtree (admin; a team cannot move below itself)',
      request: { params: idParamSchema, ...body(updateTeamBodySchema) },
      responses: { 200: json(teamSchema, 'Changed'), ...ERRORS },
    }),
    async (c) => {
      const actor = requireActor(c)
      const { id } = c.req.valid('param')
      const teams = c.get('services').access.teams
      await teams.update(actor, id, c.req.valid('json'), requestMeta(c))
      return c.json(toTeamDto(await teams.get(actor, id)), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/teams/{id}',
      tags,
      summary: 'Delete a team without sub-teams and members (admin; 409 otherwise)',
      request: { params: idParamSchema },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      await c.get('services').access.teams.remove(requireActor(c), c.req.valid('param').id, requestMeta(c))
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/teams/{id}/members',
      tags,
      summary: 'Members of a team',
      request: { params: idParamSchema },
      responses: { 200: json(teamMemberListSchema, 'Members'), ...ERRORS },
    }),
    async (c) => {
      const rows = await c.get('services').access.teams.members(requireActor(c), c.req.valid('param').id)
      return c.json({ data: rows.map((m) => ({ userId: m.user_id, isManager: m.is_manager })) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/teams/{id}/members/{userId}',
      tags,
      summary: 'Add a user to a team or change whether they manage it (admin)',
      request: { params: teamMemberParamSchema, ...body(setTeamMemberBodySchema) },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param')
      await c
        .get('services')
        .access.teams.setMember(requireActor(c), id, userId, c.req.valid('json'), requestMeta(c))
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/teams/{id}/members/{userId}',
      tags,
      summary: 'Remove a user from a team (admin)',
      request: { params: teamMemberParamSchema },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param')
      await c.get('services').access.teams.removeMember(requireActor(c), id, userId, requestMeta(c))
      return c.body(null, 204)
    },
  )
}
