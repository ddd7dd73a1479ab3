import { GraphQLError } from 'graphql';

/** The error codes of the contract's table; every error a client sees carries one. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  CALENDAR_MISSING = 'CALENDAR_MISSING',
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
  ) {
    super(message, { extensions: { code, ...extra } });
  }
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
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, { fields });
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
