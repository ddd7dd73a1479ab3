/**
 * `GET /export/scorecard.xlsx?scheme=…&unitId=…|regionId=…&from=YYYY-MM-DD&to=YYYY-MM-DD`: the
 * scorecard of a unit or a region as an Excel file (see scorecard.xlsx.ts);
 * `GET /export/ranking.xlsx?scheme=…&regionId=…&from=…&to=…`: the ranking of a region's units
 * (see ranking.xlsx.ts).
 *
 * Both take the bearer token GraphQL takes (assessors, legal reviewers, admins) and answer errors
 * in the contract's JSON shape `{ errors: [{ message, extensions: { code, … } }] }` with the HTTP
 * status of the code (see `httpRoute`).
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { In, type DataSource } from 'typeorm';

import type { Role } from '../../common/enums';
import { ForbiddenError } from '../../errors';
import { httpRoute, QueryReader, sendXlsx, xlsxAttachment } from '../../http-route';
import type { Services } from '../../services';
import type { Scope } from '../access/scope';
import { PowerVersion } from '../catalog/power-version.entity';
import { Power } from '../catalog/power.entity';
import { Unit } from '../catalog/unit.entity';

import { rankingWorkbook } from './ranking.xlsx';
import type { ScorecardData } from './scorecard.types';
import { scorecardWorkbook, type ScorecardNames } from './scorecard.xlsx';

/** The roles that may export a scorecard. */
export const EXPORT_ROLES: readonly Role[] = ['ASSESSOR', 'LEGAL_REVIEWER', 'ADMIN'];

/** The validated query of an export. */
export interface ExportQuery {
  scheme: string;
  unitId: string | null;
  regionId: string | null;
  from: string;
  to: string;
}

/** Reads and checks the query; BAD_USER_INPUT listing every bad field. */
export function parseExportQuery(req: Request): ExportQuery {
  const q = new QueryReader(req);
  const scheme = q.text('scheme', '请指定考核方案代码');
  let unitId: string | null = null;
  let regionId: string | null = null;
  if (q.exactlyOne('unitId', 'regionId')) {
    unitId = q.uuid('unitId');
    regionId = q.uuid('regionId');
  }
  const { from, to } = q.period();
  q.done('导出参数有误，请检查后重试');
  return { scheme: scheme!, unitId, regionId, from, to };
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
 * `attachment` with the Chinese name (`filename*`, UTF-8) and an ASCII one for old clients:
 * 考核方案名-单位名-2026-01-01至2026-12-31.xlsx / scorecard-DISTRICT_SANHEYI-2026-01-01-2026-12-31.xlsx.
 */
export function contentDisposition(card: ScorecardData): string {
  return xlsxAttachment(
    `${card.schemeName}-${card.subjectName}-${card.from}至${card.to}`,
    `scorecard-${card.schemeCode}-${card.from}-${card.to}`,
  );
}

/** What an export sends: the file, its disposition, and what the log says of it. */
interface ExportFile {
  body: Buffer;
  disposition: string;
  log: Record<string, unknown>;
}

/**
 * An express handler of an .xlsx export: the bearer token and the role (assessors, legal
 * reviewers, admins) checked, `produce` validates the query and builds the file (the services
 * check the scope), and the file is sent.
 */
function xlsxHandler(
  deps: { services: Services; log: Logger },
  what: string,
  produce: (scope: Scope, req: Request) => Promise<ExportFile>,
): RequestHandler {
  const { services, log } = deps;
  return httpRoute(
    { authenticate: (token) => services.auth.authenticate(token), log, what: `${what} export` },
    async (req, res, who) => {
      if (!EXPORT_ROLES.includes(who.user.role)) throw new ForbiddenError('您的角色无权导出评分表');
      const file = await produce(who.scope, req);
      sendXlsx(res, file.body, file.disposition);
      log.info(
        { requestId: who.requestId, userId: who.user.id, bytes: file.body.length, ...file.log },
        `${what} exported`,
      );
    },
  );
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
  const q = new QueryReader(req);
  if (q.has('unitId')) q.fail('unitId', '排名不接受 unitId');
  const scheme = q.text('scheme', '请指定考核方案代码');
  const regionId = q.uuid('regionId', '请指定地区');
  const { from, to } = q.period();
  q.done('排名按地区导出，请检查 scheme、regionId、from、to');
  return { scheme: scheme!, unitId: null, regionId: regionId!, from, to };
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
    return {
      body,
      disposition: xlsxAttachment(
        `${ranked.scheme.name}-${ranked.region.name}-排名-${q.from}至${q.to}`,
        `ranking-${ranked.scheme.code}-${q.from}-${q.to}`,
      ),
      log: { scheme: ranked.scheme.code, units: ranked.length },
    };
  });
}
