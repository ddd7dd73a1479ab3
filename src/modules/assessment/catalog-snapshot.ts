import type { DataSource, EntityManager } from 'typeorm';

import { must } from '../../errors';
import { codingRulesInForce } from '../catalog/coding-rules';
import type {
  LegalBasisData,
  DiscretionBenchmarkData,
  FlowchartData,
  LegalDocumentFacts,
  PowerCategory,
  PowerStatus,
} from '../catalog/power-content';
import { loadVersionContents, type UnitJudge } from '../flow/content-checks';
import { loadProblemContexts } from '../flow/problem-context';
import {
  codingRuleFor,
  CONTENT_CHECKS_REVISION,
  DEFAULT_CODING_RULE,
  contentProblems,
  problemsOf,
  type ContentProblems,
} from '../flow/problems';

import {
  itemJudges,
  powersWithProblems,
  problemCodesOf,
  STATE_ITEMS,
  type DetectorResult,
  type PowerFilter,
  type PowerSnapshot,
  type SnapshotContent,
  type StateDetectorId,
  type StateItemSpec,
} from './detector';
import type { SchemeData } from './scheme';

interface SnapshotRow {
  power_id: string;
  unit_id: string;
  unit_code: string;
  region_path: string;
  version_id: string;
  code: string;
  name: string;
  category: PowerCategory;
  is_key: boolean;
  has_external_flow: boolean;
  external_approved_on: string | null;
  has_discretion: boolean;
  discretion_adjusted_on: string | null;
  discretion_filed_on: string | null;
  content_problems: ContentProblems | null;
  status: PowerStatus;
  bases: LegalBasisData[];
}

/**
 * `items` in contiguous parts, one per connection of `managers` while each part keeps at least
 * `least` items (so one part for a few): the connections read their parts at once.
 */
export function splitAmong<T>(
  managers: readonly EntityManager[],
  items: readonly T[],
  least: number,
): [EntityManager, readonly T[]][] {
  const n = Math.max(1, Math.min(managers.length, Math.floor(items.length / least)));
  const size = Math.ceil(items.length / n);
  return managers.slice(0, n).map((x, i) => [x, items.slice(i * size, (i + 1) * size)]);
}

/**
 * The results of reads running at once on connections of one transaction, in order: every one
 * settled before the first failure is thrown, so none is still running when the caller rolls back.
 */
export async function allRead<T>(reads: readonly Promise<T>[]): Promise<T[]> {
  const done = await Promise.allSettled(reads);
  for (const d of done) if (d.status === 'rejected') throw d.reason;
  return done.map((d) => (d as PromiseFulfilledResult<T>).value);
}

/**
 * By code, compared as the service compares strings everywhere (not the database's collation),
 * then by power id: one order whatever order the rows came in (two powers may share a code).
 */
export function byCode(
  x: { code: string; powerId: string },
  y: { code: string; powerId: string },
): number {
  return x.code < y.code
    ? -1
    : x.code > y.code
      ? 1
      : x.powerId < y.powerId
        ? -1
        : x.powerId > y.powerId
          ? 1
          : 0;
}

/** The catalog of some units as it stood at an instant. */
export interface CatalogSnapshot {
  /** live powers (not cancelled), by code, each with the version then in force and its problems */
  powers: PowerSnapshot[];
  /** the documents they cite */
  documents: ReadonlyMap<string, LegalDocumentFacts>;
}

/**
 * The reference implementation of the state-based items' input, and what builds their evidence:
 * the catalog of these units as it stood at the instant `at` (China Standard Time date `asOf`):
 * live powers, the version then in force and its problems, judged by the same checks and the same
 * context (`loadProblemContexts`) as `Power.problems`. The content checks come stored with each
 * version (power_version_check, filled beforehand by `ensureContentChecks`), so the flowcharts
 * and benchmarks are not read here; the checks that need the catalog around a power (duplicate
 * names, coding rule, documents) run over the whole snapshot.
 */
export async function catalogSnapshot(
  m: EntityManager,
  unitIds: string[],
  at: Date,
  asOf: string,
  /**
   * only these live powers (the defective ones a scorecard shows), with the version in force and
   * the status `stateFindings` found for them at `at`; every live power when omitted
   */
  only?: readonly DefectivePower[],
): Promise<CatalogSnapshot> {
  if (!unitIds.length || only?.length === 0) return { powers: [], documents: new Map() };
  // The evidence of a few powers (`only`, all with stored checks): read by their versions' ids
  // with the status the state statement found (same snapshot), and the chart's and benchmark's
  // dates as stored with the checks (what the state statement judged), not read out of the
  // version's flowchart and benchmark JSON. The reference path (every live power) finds version
  // and status as of `at` and reads the dates from the JSON, so the two are held to each other.
  const dates = only
    ? `CASE WHEN c.version_id IS NULL THEN v.external_flow IS NOT NULL ELSE c.has_external_flow END AS has_external_flow,
            CASE WHEN c.version_id IS NULL THEN v.external_flow->>'approvedOn' ELSE c.external_approved_on END AS external_approved_on,
            CASE WHEN c.version_id IS NULL THEN v.discretion IS NOT NULL ELSE c.has_discretion END AS has_discretion,
            CASE WHEN c.version_id IS NULL THEN v.discretion->>'adjustedOn' ELSE c.discretion_adjusted_on END AS discretion_adjusted_on,
            CASE WHEN c.version_id IS NULL THEN v.discretion->>'filedOn' ELSE c.discretion_filed_on END AS discretion_filed_on`
    : `v.external_flow IS NOT NULL AS has_external_flow,
            v.external_flow->>'approvedOn' AS external_approved_on,
            v.discretion IS NOT NULL AS has_discretion,
            v.discretion->>'adjustedOn' AS discretion_adjusted_on,
            v.discretion->>'filedOn' AS discretion_filed_on`;
  // the bases, in their order, in this statement rather than one more; what the checks read of
  // them (not the excerpts: a city's evidence is 1,600 powers). The evidence of a few powers
  // reads them as stored with the checks (aggregating each power's basis rows was a tenth of a
  // city card's evidence), the reference path from the basis rows: the two are held to each other.
  const basisRows = `(SELECT coalesce(json_agg(json_build_object('documentId', b.document_id,
                      'articles', b.articles) ORDER BY b.ord), '[]')
               FROM power_version_basis b WHERE b.version_id = v.id)`;
  const columns = `p.id AS power_id, p.unit_id, u.code AS unit_code, r.path AS region_path,
            v.id AS version_id, v.code, v.name, v.category, v.is_key,
            ${dates},
            c.problems AS content_problems,
            s.status,
            ${only ? 'coalesce(c.bases, ' + basisRows + ')' : basisRows} AS bases`;
  const readOnly = (x: EntityManager, part: readonly DefectivePower[]): Promise<SnapshotRow[]> =>
    x.query(
      `SELECT ${columns}
         FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS s(power_id, version_id, status)
         JOIN power p ON p.id = s.power_id
         JOIN unit u ON u.id = p.unit_id
         JOIN region r ON r.id = u.region_id
         JOIN power_version v ON v.id = s.version_id AND v.power_id = p.id
         LEFT JOIN power_version_check c ON c.version_id = v.id AND c.revision = $5
        WHERE p.unit_id = ANY($1)`,
      [
        unitIds,
        part.map((d) => d.powerId),
        part.map((d) => d.versionId),
        part.map((d) => d.status),
        CONTENT_CHECKS_REVISION,
      ],
    );
  const rows: SnapshotRow[] = only
    ? await readOnly(m, only)
    : await m.query(
        `SELECT ${columns}
           FROM power p
           JOIN unit u ON u.id = p.unit_id
           JOIN region r ON r.id = u.region_id
           JOIN power_version v ON v.power_id = p.id AND v.valid_from < $2 AND (v.valid_to IS NULL OR v.valid_to >= $2)
           LEFT JOIN power_version_check c ON c.version_id = v.id AND c.revision = $3
           -- each power's status as of $2, for all the units' powers at once (one sort, a hash
           -- join) rather than a look-up per power, which cost the ranking a third of this statement
           JOIN (SELECT DISTINCT ON (sc.power_id) sc.power_id, sc.status
                   FROM power_status_change sc JOIN power sp ON sp.id = sc.power_id
                  WHERE sp.unit_id = ANY($1) AND sc.at < $2
                  ORDER BY sc.power_id, sc.at DESC) s ON s.power_id = p.id
          WHERE p.unit_id = ANY($1) AND s.status <> 'CANCELLED'`,
        [unitIds, at, CONTENT_CHECKS_REVISION],
      );
  rows.sort((x, y) =>
    byCode({ code: x.code, powerId: x.power_id }, { code: y.code, powerId: y.power_id }),
  );
  // A version written after `ensureContentChecks` ran by anything but applyChange (bulk SQL):
  // checked here, from its content, and not stored (this transaction only reads).
  const unchecked = rows.filter((r) => r.content_problems === null).map((r) => r.version_id);
  const late = unchecked.length ? await loadVersionContents(m, unchecked) : new Map();
  const basesOf = new Map(rows.map((r) => [r.version_id, r.bases]));
  const contexts = await loadProblemContexts(m, {
    documentIds: [...basesOf.values()].flat().map((b) => b.documentId),
    asOf,
    at,
    names: rows.map((r) => ({
      powerId: r.power_id,
      unitId: r.unit_id,
      name: r.name,
      status: r.status,
      code: r.code,
    })),
    mode: 'catalog',
  });
  const powers: PowerSnapshot[] = rows.map((r) => {
    const legalBases = basesOf.get(r.version_id) ?? [];
    const content: SnapshotContent = {
      code: r.code,
      name: r.name,
      category: r.category,
      isKey: r.is_key,
      legalBases,
      externalFlow: r.has_external_flow ? { approvedOn: r.external_approved_on } : null,
      discretion: r.has_discretion
        ? { adjustedOn: r.discretion_adjusted_on, filedOn: r.discretion_filed_on }
        : null,
    };
    const own =
      r.content_problems ?? contentProblems(must(late.get(r.version_id), 'version content'));
    return {
      powerId: r.power_id,
      unitId: r.unit_id,
      code: r.code,
      versionId: r.version_id,
      status: r.status,
      content,
      problems: problemsOf(
        {
          powerId: r.power_id,
          unitId: r.unit_id,
          unitCode: r.unit_code,
          status: r.status,
          // the flowcharts and benchmark are judged by the stored checks (`own`); what the checks
          // that run here read of them is their dates
          content: {
            code: r.code,
            name: r.name,
            category: r.category,
            legalBases,
            externalFlow: r.has_external_flow
              ? ({ approvedOn: r.external_approved_on } as FlowchartData)
              : null,
            discretion: r.has_discretion
              ? ({
                  adjustedOn: r.discretion_adjusted_on,
                  filedOn: r.discretion_filed_on,
                } as DiscretionBenchmarkData)
              : null,
          },
        },
        contexts.forRegion(r.region_path),
        own,
      ),
    };
  });
  return { powers, documents: contexts.documents };
}

/** What each unit's powers are judged under: its code and its region's coding rule as of `at`. */
export async function unitJudges(
  m: EntityManager | DataSource,
  unitIds: string[],
  at: Date,
): Promise<UnitJudge[]> {
  if (!unitIds.length) return [];
  const units: { id: string; code: string; path: string }[] = await m.query(
    `SELECT u.id, u.code, r.path FROM unit u JOIN region r ON r.id = u.region_id WHERE u.id = ANY($1)`,
    [unitIds],
  );
  const ruled = await codingRulesInForce(m, at);
  return units.map((u) => ({
    unitId: u.id,
    unitCode: u.code,
    pattern: codingRuleFor(u.path, ruled).pattern,
  }));
}

/**
 * The characters JavaScript's `trim` removes (WhiteSpace and LineTerminator): `btrim(x, these)`
 * is empty exactly when the checks' `blank(x)` holds.
 */
export const JS_WHITESPACE =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** A state-based item as the statement counts it: the problem codes that are its cases, its powers. */
export interface StateQueryItem {
  codes: readonly string[];
  filter: PowerFilter;
}

/** A live power defective for an item, with the version in force and its status at the instant. */
export interface DefectivePower {
  powerId: string;
  versionId: string;
  status: PowerStatus;
}

/** What `stateFindings` counted. */
export interface StateFindings {
  /**
   * live powers whose version has no stored checks under the current revision, or a code judged
   * under another rule or unit code: while there are any, the counts are not to be trusted
   */
  unchecked: number;
  /** by unit: per item (in the order asked), the powers it judges and those defective */
  byUnit: Map<string, { applicable: number[]; defective: number[] }>;
  /** the powers of the evidence units defective for any item */
  defective: DefectivePower[];
  /** the units asked for evidence, and those with an appeal overturned on an item asked */
  evidenceUnits: Set<string>;
}

/**
 * SQL, a FROM item: the powers matching `where` (on `p`: their `power_state` row, with the power's
 * `unit_id`) with their status as of the instant `at` (the
 * latest status change before it) and the id of their version then in force (null when none; the
 * status null when the power had none yet), as columns `id`, `unit_id`, `status`,
 * `version_id`. A power whose latest change and latest version came before `at` (most of them,
 * for a period up to now) takes both from that row, without reading the power or its history; the others
 * (a change at or after `at`: a past period, a scheduled change) look them up in the history, the
 * latest status change before `at` and the version whose interval holds it. What `power_state`
 * holds follows the history by triggers (migration 1764850000000): the same answer as a pass over
 * the whole status history and a range join over every version, without them (issue 11).
 */
export function powersAsOf(
  at: string,
  where: string,
  /** more columns of the state row, as they are */
  more: readonly string[] = [],
): string {
  return `(SELECT p.power_id AS id, p.unit_id,${more.map((c) => ` p.${c},`).join('')}
                  CASE WHEN p.status_at < ${at} THEN p.status
                       ELSE (SELECT sc.status FROM power_status_change sc
                              WHERE sc.power_id = p.power_id AND sc.at < ${at} ORDER BY sc.at DESC LIMIT 1) END AS status,
                  CASE WHEN p.version_from < ${at} AND p.version_to IS NULL THEN p.version_id
                       ELSE (SELECT v.id FROM power_version v
                              WHERE v.power_id = p.power_id AND v.valid_from < ${at}
                                AND (v.valid_to IS NULL OR v.valid_to >= ${at})) END AS version_id
             FROM power_state p
            WHERE ${where}
           OFFSET 0)`;
}

/** The stored checks' columns the state statement reads, as `power_state` copies them. */
export const CHECK_COLUMNS = [
  'codes',
  'category',
  'is_key',
  'name_key',
  'document_ids',
  'unknown_document_ids',
  'blank_articles',
  'has_external_flow',
  'external_approved_on',
  'has_discretion',
  'discretion_adjusted_on',
  'discretion_filed_on',
  'code_rule',
  'code_unit',
  'code_problem',
];

/**
 * SQL, a FROM item: the powers of `units` (a condition on `p`, their `power_state` row) with
 * their status and version as of `at` (`powersAsOf`) and that version's stored checks under
 * `revision` (columns `power_id`, `unit_id`, `version_id`, `status`, `checked` and the checks'
 * columns, null when `checked` is false). A power whose latest version is the one in force and
 * whose state row holds its checks under `revision` (migration 1764890000000: nearly all, for a
 * period up to now) is read from the state row alone; the others look their version's checks
 * up: for many units (`unitCount`) one hash join over the checks, for a few a look-up per power,
 * written so (OFFSET 0: not flattened into a join) because the planner cannot estimate
 * `powersAsOf`'s computed version and would hash every version's checks.
 */
export function powersWithChecks(
  at: string,
  units: string,
  revision: string,
  unitCount: number,
): string {
  const current = `(p.version_from < ${at} AND p.version_to IS NULL AND p.check_revision = ${revision})`;
  const checks =
    unitCount > 200
      ? `LEFT JOIN power_version_check c ON c.version_id = p.version_id AND c.revision = ${revision}`
      : `LEFT JOIN LATERAL (SELECT * FROM power_version_check x
                             WHERE x.version_id = p.version_id AND x.revision = ${revision} OFFSET 0) c ON true`;
  return `(SELECT p.power_id, p.unit_id, p.version_id,
                  CASE WHEN p.status_at < ${at} THEN p.status
                       ELSE (SELECT sc.status FROM power_status_change sc
                              WHERE sc.power_id = p.power_id AND sc.at < ${at} ORDER BY sc.at DESC LIMIT 1) END AS status,
                  true AS checked, ${CHECK_COLUMNS.map((c) => `p.${c}`).join(', ')}
             FROM power_state p
            WHERE ${units} AND ${current}
           UNION ALL
           SELECT p.id, p.unit_id, p.version_id, p.status, c.version_id IS NOT NULL,
                  ${CHECK_COLUMNS.map((c) => `c.${c}`).join(', ')}
             FROM ${powersAsOf(at, `${units} AND ${current} IS NOT TRUE`)} p
             ${checks})`;
}

const FILTER_SQL: Record<PowerFilter, string> = {
  all: 'true',
  key: 'l.is_key IS TRUE',
  penalty: "l.category = 'PENALTY'",
};

/**
 * The state-based items counted in SQL, for all the units at once, in one statement (issue 11):
 * each live power as of `at` (its status then, the version then in force) with the codes of its
 * problems — the stored content checks' (`power_version_check.codes`) and those of the checks
 * that depend on the catalog around it, decided here exactly as `problemsOf` decides them with
 * the context of `loadProblemContexts`:
 * - NAME_DUPLICATE: another live power of the unit has the same name key;
 * - the coding rule's verdict stored with the version under the unit's rule and code (`judges`;
 *   one judged under another counts as unchecked);
 * - LEGAL_BASIS_*: no basis, a basis with no articles, a cited document the library does not hold
 *   (documents are never deleted, so only those unknown when stored are looked up again), one
 *   repealed on or before `through`, one with no issuer or promulgation date;
 * - EXTERNAL_FLOW_NOT_REAPPROVED, DISCRETION_NOT_READJUSTED: the chart approved, the benchmark
 *   adjusted and re-filed before the last amendment up to `through` of a cited document, the
 *   dates compared as the strings the JSON holds.
 * Per unit and item, the powers judged and those with a code of the item; and the ids of the
 * defective powers of `evidenceUnits`, whose evidence a card shows. No row goes to Node but one
 * per unit.
 */
export async function stateFindings(
  m: EntityManager,
  q: {
    unitIds: readonly string[];
    at: Date;
    through: string;
    items: readonly StateQueryItem[];
    /** the units whose defective powers' ids are wanted */
    evidenceUnits: readonly string[];
    /** and those with an appeal overturned on one of these items of the scheme */
    appealed?: { scheme: string; itemCodes: readonly string[] };
  },
): Promise<StateFindings> {
  const out: StateFindings = {
    unchecked: 0,
    byUnit: new Map(),
    defective: [],
    evidenceUnits: new Set(),
  };
  if (!q.unitIds.length) return out;
  const params: unknown[] = [
    q.unitIds,
    q.at,
    CONTENT_CHECKS_REVISION,
    q.through,
    JS_WHITESPACE,
    q.evidenceUnits,
    q.appealed?.scheme ?? '',
    q.appealed?.itemCodes ?? [],
    DEFAULT_CODING_RULE.pattern,
  ];
  // per item, which of the context checks' codes are its cases: each becomes a plain condition
  const context = (codes: ReadonlySet<string>, code: string, sql: string) =>
    codes.has(code) ? [sql] : [];
  const own: string[] = [];
  const dupOf: boolean[] = [];
  for (const item of q.items) {
    const codes = new Set(item.codes);
    params.push(item.codes);
    const k = `$${params.length}::text[]`;
    own.push(
      [
        // most powers have no stored problem: the overlap is not even computed for them
        `x.has_codes AND x.codes && ${k}`,
        `x.code_problem = ANY(${k})`,
        ...context(codes, 'LEGAL_BASIS_MISSING', 'x.no_basis'),
        ...context(codes, 'LEGAL_BASIS_NO_ARTICLES', 'x.blank_articles'),
        ...context(codes, 'LEGAL_BASIS_UNKNOWN_DOCUMENT', 'x.unknown'),
        ...context(codes, 'LEGAL_BASIS_REPEALED', 'x.repealed'),
        ...context(codes, 'LEGAL_BASIS_INCOMPLETE_DOCUMENT', 'x.incomplete'),
        ...context(codes, 'EXTERNAL_FLOW_NOT_REAPPROVED', 'x.external_stale'),
        ...context(codes, 'DISCRETION_NOT_READJUSTED', 'x.discretion_stale'),
      ]
        .map((c) => `coalesce(${c}, false)`)
        .join(' OR '),
    );
    dupOf.push(codes.has('NAME_DUPLICATE'));
  }
  const judged = (i: number) =>
    `${FILTER_SQL[q.items[i].filter]} AND (l.s${i}${dupOf[i] ? ' OR dup.unit_id IS NOT NULL' : ''})`;
  const columns = q.items
    .map(
      (item, i) =>
        `count(*) FILTER (WHERE ${FILTER_SQL[item.filter]})::int AS a${i}, count(*) FILTER (WHERE ${judged(i)})::int AS d${i}`,
    )
    .join(',\n            ');
  const rows: Record<string, unknown>[] = await m.query(
    `WITH ruled AS (
       -- each region's own coding rule in force at $2 (codingRulesInForce)
       SELECT r.path, h.pattern
         FROM (SELECT DISTINCT ON (region_id) region_id, pattern FROM region_coding_rule
                WHERE valid_from < $2 ORDER BY region_id, valid_from DESC) h
         JOIN region r ON r.id = h.region_id
        WHERE h.pattern IS NOT NULL
     ), judge AS (
       -- what each unit's codes are judged under: its code, the nearest rule on its region's path
       SELECT u.id AS unit_id, u.code AS unit_code,
              coalesce((SELECT x.pattern FROM ruled x
                         WHERE r.path = x.path OR starts_with(r.path, x.path || '/')
                         ORDER BY length(x.path) DESC LIMIT 1), $9) AS pattern
         FROM unit u JOIN region r ON r.id = u.region_id
        WHERE u.id = ANY($1)
     ), evidence AS (
       SELECT unnest($6::uuid[]) AS unit_id
       UNION
       SELECT unit_id FROM appeal
        WHERE scheme = $7 AND status = 'OVERTURNED' AND item_code = ANY($8::text[]) AND unit_id = ANY($1)
     ), docs AS (
       SELECT coalesce(array_agg(d.id) FILTER (WHERE d.repealed_on <= $4::date), '{}') AS repealed,
              coalesce(array_agg(d.id) FILTER (WHERE btrim(d.issuer, $5) = '' OR d.promulgated_on IS NULL), '{}') AS incomplete
         FROM legal_document d
     ), amended AS MATERIALIZED (
       SELECT document_id, max(amended_on)::text AS last_on FROM legal_amendment
        WHERE amended_on <= $4::date GROUP BY document_id
     ), amended_ids AS (
       -- and as one object from document id to that date: a power's latest is a look-up per
       -- document it cites, not a join per power
       SELECT coalesce(array_agg(document_id), '{}') AS ids,
              coalesce(jsonb_object_agg(document_id, last_on), '{}') AS last_on FROM amended
     ), live AS MATERIALIZED (
       -- one row per live power, its conditions computed once: the inner query is not flattened
       SELECT x.power_id, x.unit_id, x.version_id, x.status, x.name_key, x.is_key, x.category,
              x.checked, x.code_rule, x.code_unit,
              ${own.map((o, i) => `(${o}) AS s${i}`).join(',\n              ')}
         FROM (
           SELECT y.*, cardinality(y.codes) > 0 AS has_codes,
                  cardinality(y.document_ids) = 0 AS no_basis,
                  cardinality(d.repealed) > 0 AND y.document_ids && d.repealed AS repealed,
                  cardinality(d.incomplete) > 0 AND y.document_ids && d.incomplete AS incomplete,
                  cardinality(y.unknown_document_ids) > 0 AND EXISTS (
                    SELECT 1 FROM unnest(y.unknown_document_ids) AS z(id)
                     WHERE NOT EXISTS (SELECT 1 FROM legal_document ld WHERE ld.id = z.id)) AS unknown,
                  y.changed_on IS NOT NULL AND y.has_external_flow
                    AND NOT (coalesce(y.external_approved_on, '') <> ''
                             AND y.external_approved_on COLLATE "C" >= y.changed_on COLLATE "C") AS external_stale,
                  y.changed_on IS NOT NULL AND y.category = 'PENALTY' AND y.has_discretion
                    AND NOT (coalesce(y.discretion_adjusted_on, '') <> ''
                             AND coalesce(y.discretion_filed_on, '') <> ''
                             AND (CASE WHEN y.discretion_adjusted_on COLLATE "C" < y.discretion_filed_on COLLATE "C"
                                       THEN y.discretion_adjusted_on ELSE y.discretion_filed_on END) COLLATE "C"
                                 >= y.changed_on COLLATE "C") AS discretion_stale
             FROM (
               SELECT c.*,
                      CASE WHEN c.document_ids && am.ids THEN
                        (SELECT max((am.last_on ->> z.id::text) COLLATE "C")
                           FROM unnest(c.document_ids) AS z(id)) END AS changed_on
                 FROM ${powersWithChecks('$2', 'p.unit_id = ANY($1)', '$3', q.unitIds.length)} c
                 CROSS JOIN amended_ids am
                WHERE c.version_id IS NOT NULL AND c.status <> 'CANCELLED'
               OFFSET 0) y
             CROSS JOIN docs d
           OFFSET 0) x
     ), dup AS (
       SELECT unit_id, name_key FROM live WHERE name_key IS NOT NULL
        GROUP BY unit_id, name_key HAVING count(*) > 1
     )
     SELECT g.*, j.unit_code, j.pattern
       FROM (
     SELECT l.unit_id, bool_or(e.unit_id IS NOT NULL) AS evidence,
            count(*) FILTER (WHERE NOT l.checked)::int AS unstored,
            count(l.code_rule)::int AS ruled, min(l.code_rule COLLATE "C") AS rule_min,
            max(l.code_rule COLLATE "C") AS rule_max, count(l.code_unit)::int AS coded,
            min(l.code_unit COLLATE "C") AS unit_min, max(l.code_unit COLLATE "C") AS unit_max,
            count(*)::int AS live,
            ${columns || '0 AS none'},
            coalesce(json_agg(json_build_object('powerId', l.power_id, 'versionId', l.version_id, 'status', l.status))
                       FILTER (WHERE e.unit_id IS NOT NULL AND (${q.items.map((_, i) => `(${judged(i)})`).join(' OR ') || 'false'})), '[]') AS defective
       FROM live l
       LEFT JOIN dup ON dup.unit_id = l.unit_id AND dup.name_key = l.name_key
       LEFT JOIN evidence e ON e.unit_id = l.unit_id
      GROUP BY l.unit_id) g
       JOIN judge j ON j.unit_id = g.unit_id`,
    params,
  );
  for (const r of rows) {
    // every code judged under the unit's rule and code: one value each, on every row
    const judged =
      r.ruled === r.live &&
      r.coded === r.live &&
      r.rule_min === r.pattern &&
      r.rule_max === r.pattern &&
      r.unit_min === r.unit_code &&
      r.unit_max === r.unit_code;
    if (r.evidence) out.evidenceUnits.add(r.unit_id as string);
    out.unchecked += (r.unstored as number) + (judged ? 0 : (r.live as number));
    out.byUnit.set(r.unit_id as string, {
      applicable: q.items.map((_, i) => r[`a${i}`] as number),
      defective: q.items.map((_, i) => r[`d${i}`] as number),
    });
    out.defective.push(...(r.defective as DefectivePower[]));
  }
  return out;
}

/** Connections reading one snapshot, the first the transaction's own, and the parts' least sizes. */
export interface StateSplit {
  managers: readonly [EntityManager, ...EntityManager[]];
  /** units per part of the state statement */
  units: number;
}

/** The findings of two parts of the units, as one. */
function mergeFindings(a: StateFindings, b: StateFindings): StateFindings {
  for (const [unit, counts] of b.byUnit) a.byUnit.set(unit, counts);
  for (const unit of b.evidenceUnits) a.evidenceUnits.add(unit);
  a.defective.push(...b.defective);
  a.unchecked += b.unchecked;
  return a;
}

/**
 * What each state-based detector of the scheme found over the units: counted in SQL
 * (`stateFindings`), the cases of the defective powers of `evidenceUnits` listed from their
 * problems (`catalogSnapshot` of those powers alone, `powersWithProblems`), the others only
 * counted (`DetectorResult.counted`). While a version in force has no stored checks under the
 * current revision or a code judged under another rule (`unchecked`: the caller fills them, in
 * a transaction of its own, and asks again), or, asked again, still has (written by bulk SQL
 * after the fill), every power goes through the reference path instead, and `snapshot` is that
 * whole snapshot.
 */
export async function stateResults(
  /**
   * the connections reading the snapshot, the first the transaction's own: the statement and the
   * evidence are read in parts by units (of at least `units`), one on each connection at once;
   * all on `m` when a manager
   */
  on: EntityManager | StateSplit,
  q: {
    scheme: SchemeData;
    detectors: readonly StateDetectorId[];
    unitIds: string[];
    asOf: Date;
    through: string;
    evidenceUnits: readonly string[];
    /** the item codes whose overturned appeals make a unit an evidence unit too */
    appealed?: readonly string[];
    /** while some checks are not stored: go the reference path (else answer `unchecked`) */
    reference?: boolean;
  },
): Promise<{
  results: Map<StateDetectorId, DetectorResult>;
  snapshot: PowerSnapshot[] | null;
  unchecked: boolean;
}> {
  const results = new Map<StateDetectorId, DetectorResult>();
  if (!q.detectors.length || !q.unitIds.length)
    return { results, snapshot: null, unchecked: false };
  const items = q.detectors.map((id) => ({
    id,
    codes: problemCodesOf(q, id),
    ...(STATE_ITEMS[id] as StateItemSpec),
  }));
  const split: StateSplit = 'managers' in on ? on : { managers: [on], units: Infinity };
  const m = split.managers[0];
  // every unit's powers are judged within the unit (its names, its coding rule): a province's
  // or a city's units are counted in parts, one on each connection at once
  // Each part's evidence is read on its connection as soon as its counts are in, and judged in
  // Node while the other parts still run (`byCode` puts the parts' powers back in one order).
  const parts = await allRead(
    splitAmong(split.managers, q.unitIds, split.units).map(async ([x, unitIds]) => {
      const part = await stateFindings(x, {
        unitIds,
        at: q.asOf,
        through: q.through,
        items: items.map((i) => ({ codes: [...i.codes], filter: i.filter })),
        evidenceUnits: q.evidenceUnits,
        appealed: q.appealed?.length ? { scheme: q.scheme.code, itemCodes: q.appealed } : undefined,
      });
      if (part.unchecked > 0) return { part, powers: [] };
      const evidence = [...part.evidenceUnits];
      const snapshot = await catalogSnapshot(x, evidence, q.asOf, q.through, part.defective);
      return { part, powers: snapshot.powers };
    }),
  );
  const found = parts.map((p) => p.part).reduce(mergeFindings);
  const reference = found.unchecked > 0;
  if (reference && !q.reference) return { results, snapshot: null, unchecked: true };
  const powers = reference
    ? (await catalogSnapshot(m, q.unitIds, q.asOf, q.through)).powers
    : parts.length === 1
      ? parts[0].powers
      : parts.flatMap((p) => p.powers).sort(byCode);
  const evidence = found.evidenceUnits;
  items.forEach((item, k) => {
    const listed = powersWithProblems(
      { snapshot: powers, through: q.through },
      item.codes,
      item.lead,
      (p) => itemJudges(item.filter, p),
    );
    if (reference) {
      results.set(item.id, listed);
      return;
    }
    const applicable = new Map<string, number>();
    const counted = new Map<string, number>();
    for (const [unit, c] of found.byUnit) {
      if (c.applicable[k]) applicable.set(unit, c.applicable[k]);
      if (!evidence.has(unit) && c.defective[k]) counted.set(unit, c.defective[k]);
    }
    results.set(item.id, { cases: listed.cases, applicable, counted });
  });
  return { results, snapshot: reference ? powers : null, unchecked: false };
}
