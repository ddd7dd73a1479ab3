import { GraphQLError, type ASTNode } from 'graphql';

/** The error codes of the contract's table; every error a client sees carries one. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  CALENDAR_MISSING = 'CALENDAR_MISSING',
  /** the database is unreachable: HTTP 503 with Retry-After */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** One bad field of an input: `input[0].draft.externalFlow.edges[3].to` and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one base error of the service. Domain code throws a subclass of this, never a bare `Error`;
 * the message is Chinese and says what to do.
 */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
    options: ErrorOptions = {},
  ) {
    super(message, { extensions: { code, ...extra }, nodes: options.nodes });
    this.httpStatus = options.http;
  }

  /** the HTTP status when this error refuses the whole request (unset: 200 with errors) */
  readonly httpStatus?: number;
}

export interface ErrorOptions {
  /** where in the document (a literal refused by a validation rule) */
  nodes?: readonly ASTNode[];
  /** the HTTP status of a response that refuses the request whole */
  http?: number;
}

export class UnauthenticatedError extends AppError {
  constructor(message = '未登录或登录已过期，请重新登录') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '无权执行此操作') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class BadInputError extends AppError {
  constructor(
    message: string,
    readonly fields: FieldError[] = [],
    options: ErrorOptions = {},
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, { fields }, options);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(ErrorCode.CONFLICT, message);
  }
}

export class CalendarMissingError extends AppError {
  constructor(readonly year: number) {
    super(
      ErrorCode.CALENDAR_MISSING,
      `工作日历缺少 ${year} 年的数据，请先由管理员录入该年度节假日安排`,
      {
        year,
      },
    );
  }
}

/**
 * Too many failed logins (or requests): try again after `retryAfterSeconds`. HTTP 429 with a
 * Retry-After header when it is the only error of the response (Apollo reads `extensions.http`).
 */
export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `登录失败次数过多，请 ${retryAfterSeconds} 秒后再试`,
  ) {
    super(ErrorCode.TOO_MANY_REQUESTS, message, {
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}

/** An invariant the database guarantees (a foreign key, say) did not hold: a bug, masked to clients. */
export class InternalError extends AppError {
  constructor(detail: string) {
    super(ErrorCode.INTERNAL_SERVER_ERROR, `internal: ${detail}`);
  }
}

/** The value, or an InternalError naming what was missing. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new InternalError(`${what} is missing`);
  return value;
}

/** Seconds a client is told to wait when the service cannot answer now (503). */
export const RETRY_AFTER_SECONDS = 5;

/** The database cannot be reached: HTTP 503, retry later. */
export class ServiceUnavailableError extends AppError {
  constructor(message = '服务暂时不可用（数据库无法连接），请稍后重试') {
    super(ErrorCode.SERVICE_UNAVAILABLE, message, {}, { http: 503 });
  }
}

/** Node's and pg's words for "the database cannot be reached". */
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EPIPE', 'ETIMEDOUT']);
const OUTAGE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Connection is not established|Driver not Connected/i;

/**
 * Whether an error means the database is unreachable (refused, reset, shut down, a pool that
 * cannot connect): class 08 and 57P01–57P03 of PostgreSQL, and the socket errors of node/pg.
 */
export function isDatabaseOutage(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    driverError?: unknown;
    cause?: unknown;
    thrownValue?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  if (OUTAGE_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)) return true;
  if (typeof e.message === 'string' && OUTAGE_MESSAGE.test(e.message)) return true;
  // pg's AggregateError of every address tried; graphql's wrapper of a value from another realm
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseOutage(x, depth + 1))) return true;
  return [e.driverError, e.cause, e.thrownValue].some((x) => isDatabaseOutage(x, depth + 1));
}
