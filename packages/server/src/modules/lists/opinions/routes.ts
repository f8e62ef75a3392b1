import { z } from 'zod';
import { LIST_STATUSES, OPINION_HANDLINGS, pageOf, pageQuerySchema } from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import { addOpinion, addOpinionSchema } from './add-opinion.ts';
import { answerOpinion, answerOpinionSchema } from './answer-opinion.ts';
import { closeRound } from './close-round.ts';
import { getRound, listRounds, viewerOf } from './find-rounds.ts';
import { openRound, openRoundSchema } from './open-round.ts';
import { summaryWorkbook } from './summary-workbook.ts';
import { sendDownload, XLSX_MIME } from '../../../http/transfer.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const listParams = z.object({ listId: id });
const idParams = z.object({ id });
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const target = (kind: 'list' | 'opinionRound' | 'opinion', field: string) => ({ kind, in: 'params' as const, field });

const roundSchema = z.object({
  id: z.number().int(),
  listId: z.number().int(),
  title: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  pastDeadline: z.boolean(),
  orgs: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.string(), opinionCount: z.number().int() })),
  opinionCount: z.number().int(),
  answeredCount: z.number().int(),
  commentOrg: z.object({ id: z.number().int(), name: z.string() }).nullable(),
});
const opinionSchema = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  listId: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  authorName: z.string().nullable(),
  targetType: z.enum(['list', 'part', 'task']),
  targetId: z.number().int(),
  targetLabel: z.string(),
  content: z.string(),
  handling: z.enum(OPINION_HANDLINGS).nullable(),
  reply: z.string(),
  repliedByName: z.string().nullable(),
  repliedAt: z.string().nullable(),
  createdAt: z.string(),
});
const listInfoSchema = z.object({ id: z.number().int(), title: z.string(), year: z.number().int(), status: z.enum(LIST_STATUSES) });
const idResult = z.object({ id: z.number().int() });

/**
 * 征求意见: rounds, opinions, answers and the summary table (docs/LISTS.md "Opinions"). Opening,
 * closing and answering are the list manager's (policy.ts canManageList: the committee administrator
 * or staff of the owner department), so the guard asks for lists.draft and the use case for the owner.
 */
export async function opinionRoutes(app: App, deps: Deps) {
  app.get('/api/lists/:listId/opinion-rounds', {
    config: { access: { permission: 'lists.read', target: target('list', 'listId') } },
    schema: {
      tags: ['lists'],
      summary: '征求意见轮次 Opinion rounds of a list',
      params: listParams,
      querystring: pageQuerySchema,
      response: { 200: pageOf(roundSchema).extend({ list: listInfoSchema }) },
    },
  }, async (req) => listRounds(deps, viewerOf(req.access.user, req.access.routeScope), req.params.listId, req.query));

  app.post('/api/lists/:listId/opinion-rounds', {
    config: { access: { permission: 'lists.draft', target: target('list', 'listId') } },
    schema: { tags: ['lists'], summary: '发起征求意见 Open a round of opinions', params: listParams, body: openRoundSchema, response: { 200: idResult } },
  }, async (req) => openRound(deps, actorOf(req), req.access.user, req.params.listId, req.body));

  app.get('/api/opinion-rounds/:id', {
    config: { access: { permission: 'lists.read', target: target('opinionRound', 'id') } },
    schema: {
      tags: ['lists'],
      summary: '征求意见轮次详情 A round with its organisations and opinions',
      params: idParams,
      querystring: z.object({ pending: boolQuery.optional() }),
      response: { 200: roundSchema.extend({ opinions: z.array(opinionSchema), listStatus: z.enum(LIST_STATUSES) }) },
    },
  }, async (req) => getRound(deps, viewerOf(req.access.user, req.access.routeScope), req.params.id, { pending: req.query.pending }));

  app.post('/api/opinion-rounds/:id/close', {
    config: { access: { permission: 'lists.draft', target: target('opinionRound', 'id') } },
    schema: {
      tags: ['lists'],
      summary: '结束征求意见 Close a round',
      params: idParams,
      response: { 200: z.object({ id: z.number().int(), listStatus: z.string() }) },
    },
  }, async (req) => closeRound(deps, actorOf(req), req.access.user, req.params.id));

  app.post('/api/opinion-rounds/:id/opinions', {
    config: { access: { permission: 'lists.comment', target: target('opinionRound', 'id') } },
    schema: { tags: ['lists'], summary: '提出意见 Give an opinion', params: idParams, body: addOpinionSchema, response: { 200: idResult } },
  }, async (req) => addOpinion(deps, actorOf(req), viewerOf(req.access.user, req.access.routeScope), req.params.id, req.body));

  app.post('/api/opinions/:id/answer', {
    config: { access: { permission: 'lists.draft', target: target('opinion', 'id') } },
    schema: { tags: ['lists'], summary: '处理意见 Answer an opinion', params: idParams, body: answerOpinionSchema, response: { 200: idResult } },
  }, async (req) => answerOpinion(deps, actorOf(req), req.access.user, req.params.id, req.body));

  app.get('/api/opinion-rounds/:id/summary.xlsx', {
    config: { access: { permission: 'lists.read', target: target('opinionRound', 'id') } },
    schema: { tags: ['lists'], summary: '征求意见汇总表 Summary table of a round (xlsx)', params: idParams },
  }, async (req, reply) => {
    const { fileName, data } = await summaryWorkbook(deps, viewerOf(req.access.user, req.access.routeScope), req.params.id);
    return sendDownload(reply, XLSX_MIME, fileName, data);
  });
}
