import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { issueReason, t, type Locale } from '@qingdan/core';
import { AppError } from './errors.ts';
import { localeFromHeader } from './locale.ts';
import { storageAppError } from '../modules/files/storage.ts';

export function requestLocale(req: FastifyRequest): Locale {
  return req.user?.locale ?? localeFromHeader(req.headers['accept-language']);
}

export function errorBody(err: AppError, locale: Locale) {
  return {
    ...err.extra,
    code: err.code,
    message: t(err.code, locale, err.params),
    ...(err.details.length
      ? { details: err.details.map((d) => ({ path: d.path, message: t(d.reason, locale, d.params ?? {}) })) }
      : {}),
  };
}

export function errorHandler(error: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  const locale = requestLocale(req);
  if (error instanceof AppError) {
    return reply.status(error.status).send(errorBody(error, locale));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const ctx = (error as { validationContext?: string }).validationContext ?? 'body';
    const details = error.validation.map((v) => ({
      path: [ctx, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      reason: issueReason({ keyword: v.keyword, message: v.message, params: v.params as Record<string, unknown> }),
    }));
    return reply.status(400).send(errorBody(new AppError(400, 'VALIDATION', {}, details), locale));
  }
  const fe = error as FastifyError;
  if (fe.statusCode === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(413).send(errorBody(new AppError(413, 'PAYLOAD_TOO_LARGE'), locale));
  }
  if (fe.statusCode === 429) return reply.status(429).send(errorBody(new AppError(429, 'RATE_LIMITED'), locale));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send(errorBody(new AppError(fe.statusCode, 'VALIDATION'), locale));
  }
  // A full or read-only file store is said as such (507 / 503), not as an internal error.
  const storage = storageAppError(error);
  if (storage) {
    req.log.warn(error);
    return reply.status(storage.status).send(errorBody(storage, locale));
  }
  req.log.error(error);
  return reply.status(500).send(errorBody(new AppError(500, 'INTERNAL'), locale));
}
