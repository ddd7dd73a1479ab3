/**
 * The HTTP routes beside /graphql (the contract's "HTTP routes": the workbook exports and the
 * catalog import): one wrapper that takes the bearer token GraphQL takes and answers every error
 * in the contract's JSON shape `{ errors: [{ message, extensions: { code, … } }] }` with the HTTP
 * status of its code, and one reader of their query strings that lists every bad field at once.
 *
 * | code                              | status |
 * | --------------------------------- | ------ |
 * | UNAUTHENTICATED                   | 401    |
 * | BAD_USER_INPUT (with `fields`)    | 400    |
 * | FORBIDDEN                         | 403    |
 * | NOT_FOUND                         | 404    |
 * | CONFLICT                          | 409    |
 * | CALENDAR_MISSING (with `year`)    | 422    |
 * | SERVICE_UNAVAILABLE (database unreachable; Retry-After) | 503 |
 * | anything else                     | 500, masked, logged, with `extensions.requestId` |
 *
 * It knows no service: the caller passes how a token is authenticated.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

import { requestIdOf } from './common/request-id';
import {
  AppError,
  BadInputError,
  ErrorCode,
  isDatabaseOutage,
  RETRY_AFTER_SECONDS,
  ServiceUnavailableError,
  UnauthenticatedError,
  type FieldError,
} from './errors';
import { isIsoDate } from './modules/calendar/iso-date';

/** The HTTP status of each error code the contract names (internal errors are masked, 500). */
export const ERROR_STATUS: Record<Exclude<ErrorCode, ErrorCode.INTERNAL_SERVER_ERROR>, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.CALENDAR_MISSING]: 422,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
};

const MASKED = '服务器内部错误，请联系管理员并提供请求编号';

/** Sends an error in the contract's shape with the status of its code; anything else masked. */
export function sendRouteError(
  res: Response,
  err: unknown,
  log: Logger,
  requestId: string,
  what: string,
): void {
  if (!(err instanceof AppError) && isDatabaseOutage(err)) err = new ServiceUnavailableError();
  if (err instanceof AppError && err.code === ErrorCode.SERVICE_UNAVAILABLE) {
    res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  }
  const status =
    err instanceof AppError && err.code !== ErrorCode.INTERNAL_SERVER_ERROR
      ? ERROR_STATUS[err.code]
      : undefined;
  if (err instanceof AppError && status !== undefined) {
    res.status(status).json({
      errors: [{ message: err.message, extensions: { ...err.extensions, code: err.code } }],
    });
    return;
  }
  log.error({ err, requestId }, `${what} failed`);
  res.status(500).json({
    errors: [{ message: MASKED, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } }],
  });
}

/** Who called, as the route's `authenticate` tells, with the request's id. */
export type Caller<W> = W & { requestId: string };

/**
 * An express handler: the server's request id of this request, no caching, the
 * bearer token checked by `authenticate`, then `handle`; whatever it throws is answered by
 * `sendRouteError` (`mapError` may first turn a driver error into a domain one).
 */
export function httpRoute<W>(
  deps: {
    authenticate: (token: string) => Promise<W>;
    log: Logger;
    /** what the log calls this route's work ("scorecard export") */
    what: string;
    mapError?: (err: unknown) => unknown;
  },
  handle: (req: Request, res: Response, who: Caller<W>) => Promise<void>,
): RequestHandler {
  const { authenticate, log, what, mapError = (e: unknown) => e } = deps;
  return async (req, res) => {
    // the server's own id (createServer's first middleware); a client's x-request-id is only logged
    const requestId = requestIdOf(res);
    res.setHeader('cache-control', 'no-store');
    try {
      const token = req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      if (!token) throw new UnauthenticatedError();
      const who = await authenticate(token);
      await handle(req, res, { ...who, requestId });
    } catch (err) {
      if (res.headersSent) {
        log.error({ err, requestId }, `${what} failed after the headers were sent`);
        return;
      }
      sendRouteError(res, mapError(err), log, requestId, what);
    }
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_MESSAGE = '格式应为 YYYY-MM-DD 且为真实日期';

/**
 * Reads a route's query string, collecting a field error for each bad parameter; `done` throws
 * BAD_USER_INPUT listing them all. A parameter given twice (`?from=a&from=b`) is not a string and
 * so is bad; an empty one counts as absent.
 */
export class QueryReader {
  readonly fields: FieldError[] = [];
  private readonly q: Record<string, unknown>;

  constructor(req: Request) {
    this.q = req.query as Record<string, unknown>;
  }

  /** The raw value, undefined when absent or empty. */
  raw(name: string): unknown {
    const v = this.q[name];
    return v === undefined || v === '' ? undefined : v;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  fail(path: string, message: string): void {
    this.fields.push({ path, message });
  }

  /** A trimmed text; `missing` is the message when it is required and absent. */
  text(name: string, missing?: string): string | null {
    const v = this.raw(name);
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (v !== undefined || missing) this.fail(name, missing ?? '应为文字');
    return null;
  }

  /** A UUID; `missing` is the message when it is required and absent. */
  uuid(name: string, missing?: string): string | null {
    const v = this.raw(name);
    if (v === undefined) {
      if (missing) this.fail(name, missing);
      return null;
    }
    if (typeof v === 'string' && UUID.test(v)) return v;
    this.fail(name, missing ?? '应为 UUID 格式的编号');
    return null;
  }

  /** A real calendar date written YYYY-MM-DD; required unless `optional`. */
  date(name: string, optional = false): string | null {
    const v = this.raw(name);
    if (v === undefined && optional) return null;
    if (isIsoDate(v)) return v;
    this.fail(name, DATE_MESSAGE);
    return null;
  }

  /** true or false, false when absent. */
  flag(name: string): boolean {
    const v = this.raw(name);
    if (v === undefined || v === 'false') return false;
    if (v === 'true') return true;
    this.fail(name, '应为 true 或 false');
    return false;
  }

  /** Exactly one of two parameters given (the ids of a unit or a region). */
  exactlyOne(a: string, b: string, both = true): boolean {
    if (this.has(a) !== this.has(b)) return true;
    this.fail(a, `与 ${b} 二选一`);
    if (both) this.fail(b, `与 ${a} 二选一`);
    return false;
  }

  /** A period `from`–`to` of real dates, `from` not after `to`. */
  period(): { from: string; to: string } {
    const from = this.date('from');
    const to = this.date('to');
    if (from && to && from > to) this.fail('from', '不能晚于 to');
    return { from: from ?? '', to: to ?? '' };
  }

  /** Throws BAD_USER_INPUT with every field found bad so far. */
  done(message: string): void {
    if (this.fields.length) throw new BadInputError(message, this.fields);
  }
}

/** RFC 5987 percent-encoding: encodeURIComponent leaves `'()*` bare, which attr-char forbids. */
const rfc5987 = (s: string): string =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` with a Chinese file name (`filename*`, UTF-8; characters a file name may not hold
 * on common systems, and controls, as `_`; at most 150 characters) and an ASCII one for old
 * clients; both get `.xlsx`.
 */
export function xlsxAttachment(name: string, ascii: string): string {
  const safe = [...name]
    .slice(0, 150)
    .map((ch) =>
      ch.charCodeAt(0) < 0x20 || ch === '\u007f' || '\\/:*?"<>|'.includes(ch) ? '_' : ch,
    )
    .join('');
  const plain = ascii.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `attachment; filename="${plain}.xlsx"; filename*=UTF-8''${rfc5987(`${safe}.xlsx`)}`;
}

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook as an attachment. */
export function sendXlsx(res: Response, body: Buffer, disposition: string): void {
  res.status(200);
  res.setHeader('content-type', XLSX_CONTENT_TYPE);
  res.setHeader('content-disposition', disposition);
  res.setHeader('content-length', body.length);
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(body);
}
