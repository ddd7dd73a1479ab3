/**
 * `GET /export/scorecard.xlsx?scheme=…&unitId=…|regionId=…&from=YYYY-MM-DD&to=YYYY-MM-DD`: the
 * scorecard of a unit or a region as an Excel file (see scorecard.xlsx.ts);
 * `GET /export/ranking.xlsx?scheme=…&regionId=…&from=…&to=…`: the ranking of a region's units
 * (see ranking.xlsx.ts).
 *
 * It takes the bearer token GraphQL takes and answers errors as JSON
 * `{ error: { code, message, …extensions } }` with the HTTP status of the code:
 *
 * | code                              | status |
 * | --------------------------------- | ------ |
 * | UNAUTHENTICATED                   | 401    |
 * | BAD_USER_INPUT (with `fields`)    | 400    |
 * | FORBIDDEN                         | 403    |
 * | NOT_FOUND                         | 404    |
 * | CALENDAR_MISSING (with `year`)    | 422    |
 * | anything else                     | 500, masked, logged, with `requestId` |
 */
import { randomUUID } from 'node:crypto';

import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { In, type DataSource } from 'typeorm';

import type { Role } from '../../common/enums';
import {
  AppError,
  BadInputError,
  ErrorCode,
  ForbiddenError,
  UnauthenticatedError,
  type FieldError,
} from '../../errors';
import type { Services } from '../../services';
import type { Scope } from '../access/scope';
import { isIsoDate } from '../calendar/iso-date';
import { PowerVersion } from '../catalog/power-version.entity';
import { Power } from '../catalog/power.entity';
import { Unit } from '../catalog/unit.entity';

import { rankingWorkbook } from './ranking.xlsx';
import type { ScorecardData } from './scorecard.types';
import { scorecardWorkbook, type ScorecardNames } from './scorecard.xlsx';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The roles that may export a scorecard. */
export const EXPORT_ROLES: readonly Role[] = ['ASSESSOR', 'LEGAL_REVIEWER', 'ADMIN'];

/** The HTTP status of each error code a client may see; any other is a masked 500. */
/** The HTTP status of each error code the contract names (internal errors are masked, 500). */
const STATUS: Record<Exclude<ErrorCode, ErrorCode.INTERNAL_SERVER_ERROR>, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.CALENDAR_MISSING]: 422,
};

const MASKED = '服务器内部错误，请联系管理员并提供请求编号';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The validated query of an export. */
export interface ExportQuery {
  scheme: string;
  unitId: string | null;
  regionId: string | null;
  from: string;
  to: string;
}

/** A query parameter given once, or undefined; a repeated one (`?from=a&from=b`) is not a string. */
function param(req: Request, name: string): unknown {
  const q = req.query as Record<string, unknown>;
  return q[name];
}

const blank = (v: unknown): boolean => v === undefined || v === '';

/** Reads and checks the query; BAD_USER_INPUT listing every bad field. */
export function parseExportQuery(req: Request): ExportQuery {
  const fields: FieldError[] = [];
  const scheme = param(req, 'scheme');
  if (typeof scheme !== 'string' || scheme.trim() === '') {
    fields.push({ path: 'scheme', message: '请指定考核方案代码' });
  }
  const unitId = param(req, 'unitId');
  const regionId = param(req, 'regionId');
  if (blank(unitId) === blank(regionId)) {
    fields.push({ path: 'unitId', message: '与 regionId 二选一' });
    fields.push({ path: 'regionId', message: '与 unitId 二选一' });
  } else {
    for (const [name, v] of [
      ['unitId', unitId],
      ['regionId', regionId],
    ] as const) {
      if (!blank(v) && !(typeof v === 'string' && UUID.test(v))) {
        fields.push({ path: name, message: '应为 UUID 格式的编号' });
      }
    }
  }
  const from = param(req, 'from');
  const to = param(req, 'to');
  for (const [name, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isIsoDate(v)) fields.push({ path: name, message: '格式应为 YYYY-MM-DD 且为真实日期' });
  }
  if (isIsoDate(from) && isIsoDate(to) && from > to) {
    fields.push({ path: 'from', message: '不能晚于 to' });
  }
  if (fields.length) throw new BadInputError('导出参数有误，请检查后重试', fields);
  return {
    scheme: (scheme as string).trim(),
    unitId: blank(unitId) ? null : (unitId as string),
    regionId: blank(regionId) ? null : (regionId as string),
    from: from as string,
    to: to as string,
  };
}

/**
 * The names of the units, the codes and names of the powers and the numbers of the versions the
 * card's deductions cite (the power's name as the version cited gives it, else its current one).
 */
export async function scorecardNames(ds: DataSource, card: ScorecardData): Promise<ScorecardNames> {
  const deductions = card.sections.flatMap((s) => s.items.flatMap((i) => i.deductions));
  const ids = (pick: (d: (typeof deductions)[number]) => string | null) => [
    ...new Set(deductions.map(pick).filter((id): id is string => id !== null)),
  ];
  const unitIds = ids((d) => d.unitId);
  const powerIds = ids((d) => d.powerId);
  const versionIds = ids((d) => d.versionId);
  const [units, powers, versions] = await Promise.all([
    unitIds.length
      ? ds
          .getRepository(Unit)
          .find({ select: { id: true, name: true }, where: { id: In(unitIds) } })
      : [],
    powerIds.length
      ? ds
          .getRepository(Power)
          .find({ select: { id: true, code: true, name: true }, where: { id: In(powerIds) } })
      : [],
    versionIds.length
      ? ds.getRepository(PowerVersion).find({
          select: { id: true, powerId: true, versionNo: true, name: true },
          where: { id: In(versionIds) },
        })
      : [],
  ]);
  const cited = new Map(versions.map((v) => [v.powerId, v.name]));
  return {
    units: new Map(units.map((u) => [u.id, u.name])),
    powers: new Map(
      powers.map((p) => [p.id, { code: p.code, name: cited.get(p.id) ?? p.name ?? '' }]),
    ),
    versions: new Map(versions.map((v) => [v.id, v.versionNo])),
  };
}

/**
 * `s` with the characters a file name may not hold on common systems (and controls) as `_`, cut
 * to 150 characters (never inside a surrogate pair).
 */
const safeFileName = (s: string): string =>
  [...s]
    .slice(0, 150)
    .map((ch) =>
      ch.charCodeAt(0) < 0x20 || ch === '\u007f' || '\\/:*?"<>|'.includes(ch) ? '_' : ch,
    )
    .join('');

/** RFC 5987 percent-encoding: encodeURIComponent leaves `'()*` bare, which attr-char forbids. */
const rfc5987 = (s: string): string =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` with the Chinese name (`filename*`, UTF-8) and an ASCII one for old clients:
 * 考核方案名-单位名-2026-01-01至2026-12-31.xlsx / scorecard-DISTRICT_SANHEYI-2026-01-01-2026-12-31.xlsx.
 */
export function contentDisposition(card: ScorecardData): string {
  const name = safeFileName(`${card.schemeName}-${card.subjectName}-${card.from}至${card.to}`);
  const ascii = `scorecard-${card.schemeCode}-${card.from}-${card.to}`.replace(
    /[^A-Za-z0-9._-]+/g,
    '_',
  );
  return `attachment; filename="${ascii}.xlsx"; filename*=UTF-8''${rfc5987(`${name}.xlsx`)}`;
}

/** Sends an error as `{ error: { code, message, …extensions } }` with its status. */
function sendError(res: Response, err: unknown, log: Logger, requestId: string): void {
  const status =
    err instanceof AppError && err.code !== ErrorCode.INTERNAL_SERVER_ERROR
      ? STATUS[err.code]
      : undefined;
  if (err instanceof AppError && status !== undefined) {
    const { code: _code, ...extra } = err.extensions as Record<string, unknown>;
    res.status(status).json({ error: { code: err.code, message: err.message, ...extra } });
    return;
  }
  log.error({ err, requestId }, 'scorecard export failed');
  res.status(500).json({
    error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: MASKED, requestId },
  });
}

/** What an export sends: the file, its disposition, and what the log says of it. */
interface ExportFile {
  body: Buffer;
  disposition: string;
  log: Record<string, unknown>;
}

/**
 * An express handler of an .xlsx export: checks the bearer token and the role (assessors, legal
 * reviewers, admins), lets `produce` validate the query and build the file (the services check the
 * scope), and sends it; errors as JSON with the status of their code.
 */
function xlsxHandler(
  deps: { services: Services; log: Logger },
  what: string,
  produce: (scope: Scope, req: Request) => Promise<ExportFile>,
): RequestHandler {
  const { services, log } = deps;
  return async (req, res) => {
    const requestId = (req.header('x-request-id') || randomUUID()).slice(0, 64);
    res.setHeader('x-request-id', requestId);
    res.setHeader('cache-control', 'no-store');
    try {
      const header = req.header('authorization');
      const token = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      if (!token) throw new UnauthenticatedError();
      const { user, scope } = await services.auth.authenticate(token);
      if (!EXPORT_ROLES.includes(user.role)) throw new ForbiddenError('您的角色无权导出评分表');
      const file = await produce(scope, req);
      res.status(200);
      res.setHeader('content-type', XLSX_CONTENT_TYPE);
      res.setHeader('content-disposition', file.disposition);
      res.setHeader('content-length', file.body.length);
      res.setHeader('x-content-type-options', 'nosniff');
      res.end(file.body);
      log.info(
        { requestId, userId: user.id, bytes: file.body.length, ...file.log },
        `${what} exported`,
      );
    } catch (err) {
      if (res.headersSent) {
        log.error({ err, requestId }, `${what} export failed after the headers were sent`);
        return;
      }
      sendError(res, err, log, requestId);
    }
  };
}

/**
 * The express handler of `GET /export/scorecard.xlsx`: validates the query, scores the card
 * through `services.assessment.scorecard` (which checks the scope) and sends the workbook.
 */
export function scorecardExportHandler(deps: {
  services: Services;
  log: Logger;
  ds: DataSource;
}): RequestHandler {
  return xlsxHandler(deps, 'scorecard', async (scope, req) => {
    const card = await deps.services.assessment.scorecard(scope, parseExportQuery(req));
    return {
      body: await scorecardWorkbook(card, await scorecardNames(deps.ds, card)),
      disposition: contentDisposition(card),
      log: { scheme: card.schemeCode },
    };
  });
}

/** Reads and checks the query of a ranking export: scheme, regionId, from, to. */
export function parseRankingQuery(req: Request): ExportQuery & { regionId: string } {
  if (!blank(param(req, 'unitId')))
    throw new BadInputError('排名按地区导出，请指定 regionId 而非 unitId', [
      { path: 'unitId', message: '排名不接受 unitId' },
    ]);
  if (blank(param(req, 'regionId')))
    throw new BadInputError('请指定 regionId', [{ path: 'regionId', message: '请指定地区' }]);
  return parseExportQuery(req) as ExportQuery & { regionId: string };
}

/**
 * `GET /export/ranking.xlsx?scheme=…&regionId=…&from=…&to=…`: every unit under the region, best
 * first (rank, unit, score, deducted, per section), with the access rules of the scorecard export.
 */
export function rankingExportHandler(deps: { services: Services; log: Logger }): RequestHandler {
  return xlsxHandler(deps, 'ranking', async (scope, req) => {
    const q = parseRankingQuery(req);
    const ranked = await deps.services.assessment.rankingCards(
      scope,
      q.scheme,
      q.regionId,
      q.from,
      q.to,
    );
    const body = await rankingWorkbook({
      scheme: ranked.scheme,
      regionName: ranked.region.name,
      from: q.from,
      to: q.to,
      provisional: ranked.period.provisional,
      rows: ranked,
    });
    const name = safeFileName(
      `${ranked.scheme.name}-${ranked.region.name}-排名-${q.from}至${q.to}`,
    );
    const ascii = `ranking-${ranked.scheme.code}-${q.from}-${q.to}`.replace(
      /[^A-Za-z0-9._-]+/g,
      '_',
    );
    return {
      body,
      disposition: `attachment; filename="${ascii}.xlsx"; filename*=UTF-8''${rfc5987(`${name}.xlsx`)}`,
      log: { scheme: ranked.scheme.code, units: ranked.length },
    };
  });
}
