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
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

import type { Role } from '../../common/enums';
import { BadInputError, ConflictError, ForbiddenError } from '../../errors';
import { httpRoute, QueryReader, sendXlsx, xlsxAttachment, type Caller } from '../../http-route';
import type { Services } from '../../services';
import type { Scope } from '../access/scope';

import { MAX_WORKBOOK_BYTES } from './catalog-workbook';

/** Who may import a workbook: as `importPowers`. */
export const IMPORT_ROLES: readonly Role[] = ['ADMIN', 'LEGAL_REVIEWER'];

/** The query of an import: `unitId` (a UUID) and `dryRun` (true or false, false when absent). */
export function parseImportQuery(req: Request): { unitId: string; dryRun: boolean } {
  const q = new QueryReader(req);
  const unitId = q.uuid('unitId', '请以 UUID 指定导入的单位');
  const dryRun = q.flag('dryRun');
  q.done('导入参数有误，请检查后重试');
  return { unitId: unitId!, dryRun };
}

/** The query of an export: `unitId` or `regionId` (one of them), and an optional `asOf` date. */
export function parseCatalogExportQuery(req: Request): {
  unitId: string | null;
  regionId: string | null;
  asOf: string | null;
} {
  const q = new QueryReader(req);
  q.exactlyOne('unitId', 'regionId', false);
  const unitId = q.uuid('unitId');
  const regionId = q.uuid('regionId');
  const asOf = q.date('asOf', true);
  q.done('导出参数有误，请检查后重试');
  return { unitId, regionId, asOf };
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

/** A code taken by another writer meanwhile (a unique violation) is a CONFLICT. */
const conflictOnUnique = (err: unknown): unknown =>
  (err as { code?: unknown })?.code === '23505'
    ? new ConflictError('数据冲突：事项编码已被占用，请刷新后重试')
    : err;

type Handler = (
  req: Request,
  res: Response,
  who: Caller<{ userId: string; role: Role; scope: Scope }>,
) => Promise<void>;

/** Authenticates the bearer token, runs `handle`, answers errors in the contract's shape. */
function route(services: Services, log: Logger, handle: Handler): RequestHandler {
  return httpRoute(
    {
      authenticate: async (token) => {
        const { user, scope } = await services.auth.authenticate(token);
        return { userId: user.id, role: user.role, scope };
      },
      log,
      what: 'catalog workbook request',
      mapError: conflictOnUnique,
    },
    handle,
  );
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
    sendXlsx(res, file.body, xlsxAttachment(file.name, `catalog-${query.asOf ?? 'current'}`));
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
