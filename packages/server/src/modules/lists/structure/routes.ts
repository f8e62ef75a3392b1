import { z } from 'zod';
import {
  listCreatedSchema,
  listCreateSchema,
  listDetailSchema,
  listPartSchema,
  listSectionSchema,
  listsQuerySchema,
  listSummarySchema,
  listTaskSchema,
  listUpdateSchema,
  pageOf,
  partInputSchema,
  sectionInputSchema,
  taskInputSchema,
} from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import type { AccessTarget } from '../../../http/access.ts';
import { actorOf } from '../../../http/actor.ts';
import { createList } from './create-list.ts';
import { findLists } from './find-lists.ts';
import { getList } from './get-list.ts';
import { updateList } from './update-list.ts';
import { createPart, deletePart, reorderParts, updatePart } from './parts.ts';
import { createSection, deleteSection, updateSection } from './sections.ts';
import { createTask, deleteTask, reorderTasks, updateTask } from './tasks.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const bodyId = z.number().int().positive().max(2_147_483_647);
const version = z.number().int();
const ids = z.array(bodyId).max(2000);

const target = (kind: AccessTarget['kind'], field: string, where: AccessTarget['in'] = 'params'): AccessTarget => ({ kind, in: where, field });

// ---------------------------------------------------------------- response shapes

const okSchema = z.object({ ok: z.literal(true) });

// ---------------------------------------------------------------- request shapes

/** Structure of the responsibility list: the lists, their parts, sections and tasks (docs/LISTS.md). */
export async function structureRoutes(app: App, deps: Deps) {
  app.get('/api/lists', {
    config: { access: { permission: 'lists.read' } },
    schema: {
      tags: ['lists'],
      summary: '责任清单 Responsibility lists',
      querystring: listsQuerySchema,
      response: { 200: pageOf(listSummarySchema) },
    },
  }, async (req) => findLists(deps, req.access.routeScope, req.query));

  app.post('/api/lists', {
    config: { access: { permission: 'lists.manage', target: target('list', 'copyFromListId', 'body') } },
    schema: {
      tags: ['lists'],
      summary: '新建清单（可复制往年清单） Create a list, optionally copying an earlier year',
      body: listCreateSchema,
      response: { 200: listCreatedSchema },
    },
  }, async (req) => createList(deps, actorOf(req), req.access.user, req.body));

  app.get('/api/lists/:listId', {
    config: { access: { permission: 'lists.read', target: target('list', 'listId') } },
    schema: {
      tags: ['lists'],
      summary: '清单全文（编号、分项统计、编辑权限） The whole list with numbers, counts and the caller’s rights',
      params: z.object({ listId: id }),
      response: { 200: listDetailSchema },
    },
  }, async (req) => getList(deps, req.access.user, req.params.listId));

  app.put('/api/lists/:listId', {
    config: { access: { permission: 'lists.manage', target: target('list', 'listId') } },
    schema: {
      tags: ['lists'],
      summary: '修改清单 Edit a list',
      params: z.object({ listId: id }),
      body: listUpdateSchema,
      response: {
        200: z.object({ id: z.number().int(), year: z.number().int(), title: z.string(), ownerOrgId: z.number().int(), status: z.string(), version: z.number().int() }),
      },
    },
  }, async (req) => updateList(deps, actorOf(req), req.access.user, req.params.listId, req.body));

  // ---- parts
  const partView = listPartSchema.extend({ listId: z.number().int() });

  app.post('/api/lists/:listId/parts', {
    config: { access: { permission: 'lists.manage', target: target('list', 'listId') } },
    schema: { tags: ['lists'], summary: '新增部分 Add a part', params: z.object({ listId: id }), body: partInputSchema, response: { 200: partView } },
  }, async (req) => createPart(deps, actorOf(req), req.access.user, req.params.listId, req.body));

  app.post('/api/lists/:listId/parts/reorder', {
    config: { access: { permission: 'lists.manage', target: target('list', 'listId') } },
    schema: {
      tags: ['lists'],
      summary: '调整部分顺序 Reorder the parts',
      params: z.object({ listId: id }),
      body: z.object({ partIds: ids }),
      response: { 200: okSchema },
    },
  }, async (req) => reorderParts(deps, actorOf(req), req.access.user, req.params.listId, req.body.partIds));

  app.put('/api/list-parts/:partId', {
    config: { access: { permission: 'lists.draft', target: target('listPart', 'partId') } },
    schema: {
      tags: ['lists'],
      summary: '修改部分（标题、起草部门） Edit a part',
      params: z.object({ partId: id }),
      body: partInputSchema.extend({ version }),
      response: { 200: partView },
    },
  }, async (req) => updatePart(deps, actorOf(req), req.access.user, req.params.partId, req.body));

  app.delete('/api/list-parts/:partId', {
    config: { access: { permission: 'lists.manage', target: target('listPart', 'partId') } },
    schema: { tags: ['lists'], summary: '删除空的部分 Delete an empty part', params: z.object({ partId: id }), response: { 200: okSchema } },
  }, async (req) => deletePart(deps, actorOf(req), req.access.user, req.params.partId));

  app.post('/api/list-parts/:partId/reorder', {
    config: { access: { permission: 'lists.draft', target: target('listPart', 'partId') } },
    schema: {
      tags: ['lists'],
      summary: '调整某部分某层级的任务顺序 Reorder the tasks of a part at one level',
      params: z.object({ partId: id }),
      body: z.object({ levelCode: z.string().trim().min(1).max(20), taskIds: ids }),
      response: { 200: okSchema },
    },
  }, async (req) => reorderTasks(deps, actorOf(req), req.access.user, req.params.partId, req.body));

  // ---- sections
  const sectionView = listSectionSchema.extend({ listId: z.number().int() });

  app.post('/api/list-parts/:partId/sections', {
    config: { access: { permission: 'lists.draft', target: target('listPart', 'partId') } },
    schema: { tags: ['lists'], summary: '新增小节 Add a section', params: z.object({ partId: id }), body: sectionInputSchema, response: { 200: sectionView } },
  }, async (req) => createSection(deps, actorOf(req), req.access.user, req.params.partId, req.body));

  app.put('/api/list-sections/:sectionId', {
    config: { access: { permission: 'lists.draft', target: target('listSection', 'sectionId') } },
    schema: {
      tags: ['lists'],
      summary: '修改小节 Edit a section',
      params: z.object({ sectionId: id }),
      body: sectionInputSchema.extend({ version }),
      response: { 200: sectionView },
    },
  }, async (req) => updateSection(deps, actorOf(req), req.access.user, req.params.sectionId, req.body));

  app.delete('/api/list-sections/:sectionId', {
    config: { access: { permission: 'lists.draft', target: target('listSection', 'sectionId') } },
    schema: { tags: ['lists'], summary: '删除空的小节 Delete an empty section', params: z.object({ sectionId: id }), response: { 200: okSchema } },
  }, async (req) => deleteSection(deps, actorOf(req), req.access.user, req.params.sectionId));

  // ---- tasks
  app.post('/api/lists/:listId/tasks', {
    config: {
      access: {
        permission: 'lists.draft',
        target: [target('list', 'listId'), target('listPart', 'partId', 'body'), target('listSection', 'sectionId', 'body')],
      },
    },
    schema: { tags: ['lists'], summary: '新增任务 Add a task', params: z.object({ listId: id }), body: taskInputSchema, response: { 200: listTaskSchema } },
  }, async (req) => createTask(deps, actorOf(req), req.access.user, req.params.listId, req.body));

  app.put('/api/list-tasks/:taskId', {
    config: {
      access: {
        permission: 'lists.draft',
        target: [target('listTask', 'taskId'), target('listPart', 'partId', 'body'), target('listSection', 'sectionId', 'body')],
      },
    },
    schema: {
      tags: ['lists'],
      summary: '修改任务（带版本号，冲突时返回当前版本） Edit a task (with its version; a conflict returns the stored one)',
      params: z.object({ taskId: id }),
      body: taskInputSchema.extend({ version }),
      response: { 200: listTaskSchema },
    },
  }, async (req) => updateTask(deps, actorOf(req), req.access.user, req.params.taskId, req.body));

  app.delete('/api/list-tasks/:taskId', {
    config: { access: { permission: 'lists.draft', target: target('listTask', 'taskId') } },
    schema: {
      tags: ['lists'],
      summary: '删除任务（已印发清单在修订中为撤销） Delete a task (withdraw it in a revision of an issued list)',
      params: z.object({ taskId: id }),
      response: { 200: z.object({ ok: z.literal(true), withdrawn: z.boolean() }) },
    },
  }, async (req) => deleteTask(deps, actorOf(req), req.access.user, req.params.taskId));
}
