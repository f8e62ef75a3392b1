import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from './db/database.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';

/** What use cases and routes depend on; passed in, never imported as globals. */
export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
