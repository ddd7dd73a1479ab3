import type { Response } from 'express';

/** Where a request's client-sent x-request-id is kept (logged beside the server's id, never used as it). */
export const CLIENT_REQUEST_ID = 'clientRequestId';

/**
 * The server's own id of this request (a UUID set by createServer's first middleware): the one
 * the audit entries, the logs and the x-request-id answer carry.
 */
export function requestIdOf(res: Response): string {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : 'unknown';
}

/** The client's x-request-id of this request, for the log beside the server's; absent if none. */
export function clientRequestIdOf(res: Response): string | undefined {
  const v: unknown = res.locals[CLIENT_REQUEST_ID];
  return typeof v === 'string' ? v : undefined;
}
