import { z } from 'zod';
import { pageOf, pageQuerySchema } from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { findDistribution } from './find-distribution.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const counts = { orgs: z.number().int(), assignments: z.number().int(), periods: z.number().int() };

const distributionSchema = z.object({
  list: z.object({ id: z.number().int(), year: z.number().int(), title: z.string(), status: z.string(), revision: z.number().int() }),
  totals: z.object({ units: z.number().int(), ...counts, withdrawnAssignments: z.number().int() }),
  byLevel: z.array(z.object({ levelCode: z.string(), levelName: z.string(), ...counts })),
  units: pageOf(
    z.object({
      unitId: z.number().int(),
      unitName: z.string(),
      unitCode: z.string(),
      ...counts,
      byLevel: z.array(z.object({ levelCode: z.string(), ...counts })),
    }),
  ),
});

/**
 * Distribution of the issued list (docs/WORK.md, "Distribution"): the hooks that distribute it
 * when it is issued or revised and when an organisation is created, restored or moved, and the
 * distribution's figures.
 */
export async function distributionRoutes(app: App, deps: Deps) {
  app.get('/api/work/lists/:listId/distribution', {
    config: { access: { permission: 'work.read', target: { kind: 'list', in: 'params', field: 'listId' } } },
    schema: {
      tags: ['work'],
      summary: '清单下发情况 Assignments and periods of a list by level and unit',
      params: z.object({ listId: id }),
      querystring: pageQuerySchema.extend({ q: z.string().trim().max(100).optional() }),
      response: { 200: distributionSchema },
    },
  }, async (req) => findDistribution(deps, req.access.routeScope, req.params.listId, req.query));
}
