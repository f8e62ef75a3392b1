/**
 * Hot queries planned once per connection. A query wrapped in `prepared(name, query)` starts with
 * the comment `/* prepared:name *\/`; on PostgreSQL the pool (preparingPool) sends it as a named
 * prepared statement, so each connection parses and plans it once and later executions skip the
 * planner (PostgreSQL keeps a generic plan after five runs when it costs no more). The name is the
 * text's hash, so a query's variants never share one. Only queries whose text is fixed — values as
 * parameters, never spliced in — may be wrapped: every distinct text stays prepared on each
 * connection for the connection's life. PGlite runs the same text as any other query.
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';

const MARKER = '/* prepared:';

export function prepared<T>(name: string, query: RawBuilder<T>): RawBuilder<T> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`prepared: bad name ${name}`);
  return sql<T>`${sql.raw(`${MARKER}${name} */`)} ${query}`;
}

/** Names by text: the marked texts are few and fixed, so each is hashed once per process. */
const names = new Map<string, string>();

/** The statement name of a marked query text, or null for any other. */
export function statementNameOf(text: unknown): string | null {
  if (typeof text !== 'string' || !text.startsWith(MARKER)) return null;
  let name = names.get(text);
  if (name === undefined) {
    name = `qd_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

const PATCHED = Symbol('qingdan.prepared');
type Client = pg.PoolClient & { [PATCHED]?: true };

/** A pool whose clients send marked queries as named prepared statements. */
export function preparingPool(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<pg.PoolClient>;
  const patched = async (): Promise<pg.PoolClient> => {
    const client = (await connect()) as Client;
    if (!client[PATCHED]) {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      client.query = ((...args: unknown[]) => {
        const name = args.length === 2 && Array.isArray(args[1]) ? statementNameOf(args[0]) : null;
        return name ? query({ name, text: args[0], values: args[1] }) : query(...args);
      }) as typeof client.query;
      client[PATCHED] = true;
    }
    return client;
  };
  // pg.Pool's own query() connects with a callback: that form is left as it was.
  const connectAny = (...args: unknown[]) => (args.length ? connect(...args) : patched());
  return Object.assign(pool, { connect: connectAny as pg.Pool['connect'] });
}
