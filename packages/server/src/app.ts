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
import { makeAccessGuard, requireSignIn } from './http/access.ts';
import { installRoutePolicy, makeNotFoundHandler, refuseNul, registerPublic, registerStatic } from './http/pipeline.ts';
import { makeCsrfCheck } from './http/csrf.ts';
import { accessTargets, registerModules } from './modules/index.ts';

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

  // Every route must say what it needs: an API route its access rule, a static file route its
  // plugin's mark; anything else stops the start (http/pipeline.ts).
  const routePolicy = installRoutePolicy(app);

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
  // The API documentation pages (swagger-ui) are public.
  await registerPublic(app, swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', makeSessionLoader(deps.db, deps.clock, deps.config));
  app.addHook('preValidation', requireSignIn);
  app.addHook('preValidation', refuseNul);
  app.addHook('preHandler', makeCsrfCheck(deps));
  const targets = accessTargets();
  app.addHook('preHandler', makeAccessGuard(deps.db, targets));

  await registerModules(app, deps, targets);

  const hasWebApp = fs.existsSync(deps.config.webDist);
  if (hasWebApp) {
    // Built files: brotli or gzip as the browser accepts (precompressed at build time); the
    // content-hashed files under assets/ are immutable, everything else is revalidated.
    await registerStatic(app, fastifyStatic, {
      root: deps.config.webDist,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false,
      setHeaders(res: { header(name: string, value: string): unknown }, filePath: string) {
        // Vite writes only content-hashed names into assets/.
        const hashed = /[\\/]assets[\\/][^\\/]+$/.test(filePath);
        res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler(makeNotFoundHandler({ allowedMethods: routePolicy.allowedMethods, webDist: hasWebApp ? deps.config.webDist : null }));
  return app;
}
