import fs from 'node:fs';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps, App } from './deps.ts';
import { errorHandler } from './http/error-handler.ts';
import { makeSessionLoader } from './modules/auth/session.ts';
import { makeAccessGuard } from './http/access.ts';
import { AppError } from './http/errors.ts';
import { registerModules } from './modules/index.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildApp(deps: Deps, opts: { logger?: boolean } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ? { level: deps.config.logLevel } : false,
    trustProxy: process.env.TRUST_PROXY === '1',
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('access', null as never);

  // Every API route must say what it needs; a route without a declaration does not start.
  app.addHook('onRoute', (route) => {
    // The API documentation pages (swagger-ui) are public.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, access: 'public' };
    if (route.url.startsWith('/api/') && route.config?.access === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    }
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: deps.config.cookieSecure,
  });
  await app.register(multipart, { limits: { fileSize: deps.config.importMaxBytes, files: 1, fields: 10 } });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Qingdan 清单 API', version: '0.1.0', description: '党建工作责任清单管理平台接口' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'qd_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: (args) => {
      const out = jsonSchemaTransform(args);
      const access = args.route.config?.access;
      if (access !== undefined) (out.schema as Record<string, unknown>)['x-access'] = access;
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', makeSessionLoader(deps.db, deps.clock, deps.config));
  // CSRF: a signed-in state-changing request must echo the session's token in x-csrf-token;
  // an anonymous one (sign-in) must not come from another origin.
  app.addHook('preHandler', async (req) => {
    if (SAFE_METHODS.has(req.method) || !req.url.startsWith('/api/')) return;
    if (req.user) {
      if (req.headers['x-csrf-token'] !== req.user.csrfToken) throw new AppError(403, 'CSRF');
    } else {
      const origin = req.headers.origin;
      if (origin && origin !== 'null') {
        let host: string;
        try {
          host = new URL(origin).host;
        } catch {
          throw new AppError(403, 'CSRF');
        }
        if (host !== req.headers.host) throw new AppError(403, 'CSRF');
      }
    }
  });
  app.addHook('preHandler', makeAccessGuard(deps.db));

  await registerModules(app, deps);

  if (fs.existsSync(deps.config.webDist)) {
    await app.register(fastifyStatic, { root: deps.config.webDist, wildcard: false, index: ['index.html'] });
    app.setNotFoundHandler((req, reply) => {
      // Client-side routes get the app; a missing file (an /assets/… name, anything with an
      // extension) and unknown API paths get a plain 404.
      if (req.url.startsWith('/api/') || req.method !== 'GET' || /\.[a-z0-9]+$/i.test(req.url.split('?')[0] ?? '')) {
        return reply.status(404).send({ code: 'NOT_FOUND', message: 'Not found' });
      }
      return reply.type('text/html').sendFile('index.html');
    });
  }
  return app;
}
