/**
 * The HTTP routes of catalog workbooks, beside /graphql (the contract's "HTTP routes"):
 *
 * - `POST /import/catalog.xlsx?unitId=…&dryRun=true|false`, body: the .xlsx file (at most 20 MB,
 *   any content type): answers 200 with the report `{ created, rows, errors: [{ row, column,
 *   message }] }`; with any error `created` is 0 and nothing is written. Legal reviewers (units in
 *   their scope) and admins, as `importPowers`.
 * - `GET /export/catalog.xlsx?unitId=…|regionId=…&asOf=YYYY-MM-DD`: the catalog in force as a
 *   workbook in the published layout; anyone signed in, for what their scope covers.
 *
 * Both take the bearer token GraphQL takes. Errors are the contract's JSON
 * `{ errors: [{ message, extensions: { code, … } }] }`: 401 UNAUTHENTICATED, 400 BAD_USER_INPUT
 * (a body that is not a workbook, too large, a sheet with no header; with `fields`), 403
 * FORBIDDEN, 404 NOT_FOUND, 409 CONFLICT (a code taken meanwhile), else a masked 500 with the
 * request id.
 */
import { randomUUID } from 'node:crypto';

import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

import type { Role } from '../../common/enums';
import {
  AppError,
  BadInputError,
  ConflictError,
  ErrorCode,
  ForbiddenError,
  UnauthenticatedError,
  type FieldError,
} from '../../errors';
import type { Services } from '../../services';
import type { Scope } from '../access/scope';
import { isIsoDate } from '../calendar/iso-date';

import { MAX_WORKBOOK_BYTES } from './catalog-workbook';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Who may import a workbook: as `importPowers`. */
export const IMPORT_ROLES: readonly Role[] = ['ADMIN', 'LEGAL_REVIEWER'];

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.CALENDAR_MISSING]: 422,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const param = (req: Request, name: string): unknown => (req.query as Record<string, unknown>)[name];
const blank = (v: unknown): boolean => v === undefined || v === '';

/** The query of an import: `unitId` (a UUID) and `dryRun` (true or false, false when absent). */
export function parseImportQuery(req: Request): { unitId: string; dryRun: boolean } {
  const fields: FieldError[] = [];
  const unitId = param(req, 'unitId');
  if (!(typeof unitId === 'string' && UUID.test(unitId))) {
    fields.push({ path: 'unitId', message: '请以 UUID 指定导入的单位' });
  }
  const dryRun = param(req, 'dryRun');
  if (!(blank(dryRun) || dryRun === 'true' || dryRun === 'false')) {
    fields.push({ path: 'dryRun', message: '应为 true 或 false' });
  }
  if (fields.length) throw new BadInputError('导入参数有误，请检查后重试', fields);
  return { unitId: unitId as string, dryRun: dryRun === 'true' };
}

/** The query of an export: `unitId` or `regionId` (one of them), and an optional `asOf` date. */
export function parseCatalogExportQuery(req: Request): {
  unitId: string | null;
  regionId: string | null;
  asOf: string | null;
} {
  const fields: FieldError[] = [];
  const unitId = param(req, 'unitId');
  const regionId = param(req, 'regionId');
  if (blank(unitId) === blank(regionId)) {
    fields.push({ path: 'unitId', message: '与 regionId 二选一' });
  }
  for (const [name, v] of [
    ['unitId', unitId],
    ['regionId', regionId],
  ] as const) {
    if (!blank(v) && !(typeof v === 'string' && UUID.test(v))) {
      fields.push({ path: name, message: '应为 UUID 格式的编号' });
    }
  }
  const asOf = param(req, 'asOf');
  if (!blank(asOf) && !isIsoDate(asOf)) {
    fields.push({ path: 'asOf', message: '格式应为 YYYY-MM-DD 且为真实日期' });
  }
  if (fields.length) throw new BadInputError('导出参数有误，请检查后重试', fields);
  return {
    unitId: blank(unitId) ? null : (unitId as string),
    regionId: blank(regionId) ? null : (regionId as string),
    asOf: blank(asOf) ? null : (asOf as string),
  };
}

/** The request body, refused past `limit` bytes (declared or sent) with BAD_USER_INPUT. */
async function readBody(req: Request, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new BadInputError(`工作簿过大：最大 ${limit / 1024 / 1024} MB`, [
      { path: 'body', message: `超过 ${limit / 1024 / 1024} MB` },
    ]);
  if (Number(req.header('content-length')) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** `attachment` with the Chinese file name (RFC 5987) and an ASCII one for old clients. */
function attachment(name: string, ascii: string): string {
  const safe = [...name]
    .slice(0, 150)
    .map((ch) => (ch < ' ' || '\\/:*?"<>|\u007f'.includes(ch) ? '_' : ch))
    .join('');
  const encoded = encodeURIComponent(`${safe}.xlsx`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}.xlsx"; filename*=UTF-8''${encoded}`;
}

function sendError(res: Response, err: unknown, log: Logger, requestId: string): void {
  const pg = (err as { code?: unknown })?.code;
  const known =
    err instanceof AppError
      ? err
      : pg === '23505'
        ? new ConflictError('数据冲突：事项编码已被占用，请刷新后重试')
        : null;
  const status = known ? STATUS[known.code] : undefined;
  if (known && status !== undefined) {
    res.status(status).json({ errors: [{ message: known.message, extensions: known.extensions }] });
    return;
  }
  log.error({ err, requestId }, 'catalog workbook request failed');
  res.status(500).json({
    errors: [
      {
        message: '服务器内部错误，请联系管理员并提供请求编号',
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
      },
    ],
  });
}

type Handler = (
  req: Request,
  res: Response,
  who: { userId: string; role: Role; scope: Scope; requestId: string },
) => Promise<void>;

/** Authenticates the bearer token, runs `handle`, answers errors in the contract's shape. */
function route(services: Services, log: Logger, handle: Handler): RequestHandler {
  return async (req, res) => {
    const requestId = (req.header('x-request-id') || randomUUID()).slice(0, 64);
    res.setHeader('x-request-id', requestId);
    res.setHeader('cache-control', 'no-store');
    try {
      const token = req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      if (!token) throw new UnauthenticatedError();
      const { user, scope } = await services.auth.authenticate(token);
      await handle(req, res, { userId: user.id, role: user.role, scope, requestId });
    } catch (err) {
      if (res.headersSent) {
        log.error({ err, requestId }, 'catalog workbook failed after the headers were sent');
        return;
      }
      sendError(res, err, log, requestId);
    }
  };
}

/** `POST /import/catalog.xlsx`. */
export function catalogImportHandler(deps: { services: Services; log: Logger }): RequestHandler {
  const { services, log } = deps;
  return route(services, log, async (req, res, who) => {
    if (!IMPORT_ROLES.includes(who.role)) throw new ForbiddenError('您的角色无权导入权责清单');
    const query = parseImportQuery(req);
    const body = await readBody(req, MAX_WORKBOOK_BYTES);
    const report = await services.spreadsheets.importCatalog(
      who.scope,
      { ...query, body },
      { userId: who.userId, requestId: who.requestId },
    );
    log.info(
      {
        requestId: who.requestId,
        userId: who.userId,
        unitId: query.unitId,
        dryRun: query.dryRun,
        rows: report.rows,
        created: report.created,
        errors: report.errors.length,
      },
      'catalog workbook imported',
    );
    res.status(200).json(report);
  });
}

/** `GET /export/catalog.xlsx`. */
export function catalogExportHandler(deps: { services: Services; log: Logger }): RequestHandler {
  const { services, log } = deps;
  return route(services, log, async (req, res, who) => {
    const query = parseCatalogExportQuery(req);
    const file = await services.spreadsheets.exportCatalog(who.scope, query);
    res.status(200);
    res.setHeader('content-type', XLSX_TYPE);
    res.setHeader(
      'content-disposition',
      attachment(file.name, `catalog-${query.asOf ?? 'current'}`),
    );
    res.setHeader('content-length', file.body.length);
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(file.body);
    log.info(
      {
        requestId: who.requestId,
        userId: who.userId,
        powers: file.powers,
        bytes: file.body.length,
      },
      'catalog workbook exported',
    );
  });
}
