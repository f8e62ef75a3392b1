/**
 * Every answer keeps to its contract: each JSON route declares its 200 response schema (core
 * contracts or the route's own), and the serializer checks every response against it — one that
 * does not match is a 500, so any test that sees it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { z } from 'zod';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
}, 120_000);
afterAll(async () => h?.close());

/** Downloads answer a file, not JSON: workbooks, documents, archives, stored files. */
const DOWNLOAD = /\.(xlsx|docx|pdf|zip)$|\/file$|^\/api\/files\/\{id\}$|^\/api\/exports\/|^\/api\/imports\/templates\//;

describe('response contracts', () => {
  it('every JSON route of the OpenAPI document declares its 200 response schema; only downloads do not', () => {
    const doc = h.app.swagger() as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> };
    const withSchema: string[] = [];
    const without: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) (op.responses?.['200']?.content ? withSchema : without).push(`${method.toUpperCase()} ${path}`);
    }
    expect(withSchema.length).toBeGreaterThan(100);
    expect(without.filter((op) => !DOWNLOAD.test(op.split(' ')[1]!))).toEqual([]);
  });

  it('a response that does not match its schema is refused by the serializer', async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.get('/drift', { schema: { response: { 200: z.object({ id: z.number().int(), name: z.string() }) } } }, async () => ({ id: 'seven', name: 7 }) as never);
    app.get('/kept', { schema: { response: { 200: z.object({ id: z.number().int() }) } } }, async () => ({ id: 7, extra: 'not sent' }) as never);
    expect((await app.inject({ method: 'GET', url: '/drift' })).statusCode).toBe(500);
    const kept = await app.inject({ method: 'GET', url: '/kept' });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toEqual({ id: 7 });
    await app.close();
  });
});
