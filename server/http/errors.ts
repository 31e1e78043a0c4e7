import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PultError, type ErrorCode } from '../../core/result.js';
import { HttpError, type HttpErrorBody, type HttpErrorCode } from '../http-error.js';
import { isUnstorableText } from '../sync/database-errors.js';

/** PultError codes as HTTP statuses, for the few routes that surface one (admin). */
const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
};

/** Fastify's and Node's own refusals (body parsing, limits, the HTTP parser) as our codes. */
function codeOfStatus(status: number): HttpErrorCode {
  switch (status) {
    case 404:
      return 'not-found';
    case 408:
      return 'timeout';
    case 413:
    case 414:
    case 431:
      return 'too-large';
    case 415:
      return 'unsupported-media-type';
    default:
      return status >= 500 ? 'internal' : 'invalid-input';
  }
}

const shape = (code: HttpErrorCode, message: string): HttpErrorBody => ({ error: { code, message } });

function send(reply: FastifyReply, error: HttpError) {
  if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
  return reply.status(error.status).send(error.body());
}

/** Fastify's errors from before a route runs (a bad URL, a parameter over maxParamLength: 414). */
function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 400;
  return reply.status(status).send(shape(codeOfStatus(status), error.message));
}

/**
 * Node's HTTP parser refuses a request before Fastify sees it (headers over 16 KiB: 431; garbage: 400; a
 * request that took too long to arrive: 408). The answer is written on the socket by hand, in the same shape.
 */
function clientError(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message =
    status === 431
      ? 'Request headers are too large'
      : status === 408
        ? 'The request took too long'
        : 'Malformed request';
  const body = JSON.stringify(shape(codeOfStatus(status), message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Fastify options that route the framework's and Node's own refusals through the error shape. */
export const errorShapeOptions = { frameworkErrors: frameworkError, clientErrorHandler: clientError } as const;

/** Every refusal, whoever makes it, answers `{error: {code, message}}` with a fitting status. */
export function shapeErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpError) return send(reply, error);
    if (error instanceof PultError) {
      const status = STATUS_OF[error.code] ?? 400;
      return reply.status(status).send({ error: { code: error.code, message: error.message } });
    }
    // A backstop for text that reached the database unchecked: the request is at fault, not the server.
    if (isUnstorableText(error)) {
      return reply.status(400).send(shape('invalid-input', 'Invalid request: text the database cannot store'));
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = error instanceof Error ? error.message : 'Bad request';
      return reply.status(status).send(shape(codeOfStatus(status), message));
    }
    request.log.error(error);
    return reply.status(500).send(shape('internal', 'Internal server error'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(shape('not-found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
