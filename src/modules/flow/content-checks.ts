/**
 * The stored results of each version's content checks (power_version_check). A version never
 * changes, so what its content says on its own is computed once: when `applyChange` writes the
 * version, or, for a version written otherwise (before the table existed, or by bulk SQL) or under
 * an older CONTENT_CHECKS_REVISION, the first time an assessment reads it.
 *
 * With them, what the checks that depend on the catalog around the power read of the version
 * (its name's key, cited documents, chart and benchmark dates) and the coding rule's verdict on its
 * code under the rule and unit code of the moment (judged again, `ensureContentChecks`, when an
 * assessment reads it under another rule or unit code), so the scorecards' state-based items are
 * counted in SQL.
 */
import type { DataSource, EntityManager } from 'typeorm';

import { codingRulesInForce } from '../catalog/coding-rules';
import type { PowerCategory, PowerContent } from '../catalog/power-content';
import type { PowerVersion } from '../catalog/power-version.entity';

import { codeProblems } from './checks/elements.check';
import { basesOfVersions, contentOf } from './problem.service';
import {
  codingRuleFor,
  CONTENT_CHECKS_REVISION,
  contentProblems,
  nameKey,
  type ContentProblems,
} from './problems';

/** How many versions one statement reads or writes when filling the table. */
const CHUNK = 1000;

/** The coding rule and unit code a version's code is judged under. */
export interface CodeJudge {
  unitCode: string;
  pattern: string;
}

/** The code of the coding check's problem for this code (null when it complies). */
export function codeVerdict(
  code: string | null | undefined,
  category: PowerCategory | null | undefined,
  judge: CodeJudge,
): string | null {
  const found = codeProblems(
    { unitId: '', unitCode: judge.unitCode, status: 'ACTIVE', content: { code, category } },
    { pattern: judge.pattern },
  );
  return found[0]?.code ?? null;
}

const blank = (s: string | null | undefined): boolean => !s || !s.trim();

/** A date of a chart or benchmark as `->>` reads it from the JSON. */
const jsonText = (x: unknown): string | null =>
  x === null || x === undefined ? null : typeof x === 'string' ? x : JSON.stringify(x);

const allProblems = (p: ContentProblems) => [...p.name, ...p.category, ...p.subject, ...p.rest];

/** The row stored for a version: its content checks and the plain facts the SQL reads. */
function checkRow(
  versionId: string,
  c: PowerContent,
  judge: CodeJudge | undefined,
  known: ReadonlySet<string>,
) {
  const problems = contentProblems(c);
  const bases = c.legalBases ?? [];
  const key = nameKey('', c.name);
  return {
    version_id: versionId,
    problems,
    codes: allProblems(problems).map((p) => p.code),
    code: c.code ?? null,
    name: c.name ?? null,
    category: c.category ?? null,
    is_key: c.isKey ?? null,
    name_key: key === null ? null : key.slice(1),
    document_ids: bases.map((b) => b.documentId),
    unknown_document_ids: [...new Set(bases.map((b) => b.documentId))].filter((d) => !known.has(d)),
    blank_articles: bases.some((b) => blank(b.articles)),
    has_external_flow: !!c.externalFlow,
    external_approved_on: jsonText(c.externalFlow?.approvedOn),
    has_discretion: !!c.discretion,
    discretion_adjusted_on: jsonText(c.discretion?.adjustedOn),
    discretion_filed_on: jsonText(c.discretion?.filedOn),
    code_rule: judge?.pattern ?? null,
    code_unit: judge?.unitCode ?? null,
    code_problem: judge ? codeVerdict(c.code, c.category, judge) : null,
    bases: bases.map((b) => ({ documentId: b.documentId, articles: b.articles })),
  };
}

/**
 * The coding rule in force now and the unit code of each version's power, by version id: what a
 * version written now is judged under.
 */
async function judgesNow(
  m: EntityManager | DataSource,
  versionIds: string[],
): Promise<Map<string, CodeJudge>> {
  // one after the other: `m` may be a transaction's, whose connection runs one statement at a time
  const rows: { id: string; unit_code: string; path: string }[] = await m.query(
    `SELECT v.id, u.code AS unit_code, r.path
         FROM power_version v JOIN power p ON p.id = v.power_id
         JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
        WHERE v.id = ANY($1)`,
    [versionIds],
  );
  const ruled = await codingRulesInForce(m);
  return new Map(
    rows.map((r) => [
      r.id,
      { unitCode: r.unit_code, pattern: codingRuleFor(r.path, ruled).pattern },
    ]),
  );
}

/**
 * Computes and stores the content checks of these versions; the code is judged under `judges`
 * (by version id), by default the rule in force now and the power's unit code.
 */
export async function storeContentChecks(
  m: EntityManager | DataSource,
  versions: { versionId: string; content: PowerContent }[],
  judges?: ReadonlyMap<string, CodeJudge>,
): Promise<void> {
  for (let i = 0; i < versions.length; i += CHUNK) {
    const chunk = versions.slice(i, i + CHUNK);
    const ids = chunk.map((v) => v.versionId);
    const cited = [
      ...new Set(chunk.flatMap((v) => (v.content.legalBases ?? []).map((b) => b.documentId))),
    ];
    const judged = judges ?? (await judgesNow(m, ids));
    const known: { id: string }[] = cited.length
      ? await m.query(`SELECT id FROM legal_document WHERE id = ANY($1::uuid[])`, [cited])
      : [];
    const knownIds = new Set(known.map((d) => d.id));
    const rows = chunk.map((v) =>
      checkRow(v.versionId, v.content, judged.get(v.versionId), knownIds),
    );
    await m.query(
      `INSERT INTO power_version_check (version_id, revision, problems, codes, code, name, category,
              is_key, name_key, document_ids, unknown_document_ids, blank_articles, has_external_flow,
              external_approved_on, has_discretion, discretion_adjusted_on, discretion_filed_on,
              code_rule, code_unit, code_problem, bases)
       SELECT x.version_id, $2, x.problems, x.codes, x.code, x.name, x.category, x.is_key, x.name_key,
              x.document_ids, x.unknown_document_ids, x.blank_articles, x.has_external_flow,
              x.external_approved_on, x.has_discretion, x.discretion_adjusted_on,
              x.discretion_filed_on, x.code_rule, x.code_unit, x.code_problem, x.bases
         FROM jsonb_to_recordset($1::jsonb) AS x(version_id uuid, problems jsonb, codes text[],
              code text, name text, category text, is_key boolean, name_key text,
              document_ids uuid[], unknown_document_ids uuid[], blank_articles boolean,
              has_external_flow boolean, external_approved_on text, has_discretion boolean,
              discretion_adjusted_on text, discretion_filed_on text, code_rule text,
              code_unit text, code_problem text, bases json)
       ON CONFLICT (version_id) DO UPDATE
         SET revision = EXCLUDED.revision, problems = EXCLUDED.problems, codes = EXCLUDED.codes,
             code = EXCLUDED.code, name = EXCLUDED.name, category = EXCLUDED.category,
             is_key = EXCLUDED.is_key, name_key = EXCLUDED.name_key,
             document_ids = EXCLUDED.document_ids,
             unknown_document_ids = EXCLUDED.unknown_document_ids,
             blank_articles = EXCLUDED.blank_articles,
             has_external_flow = EXCLUDED.has_external_flow,
             external_approved_on = EXCLUDED.external_approved_on,
             has_discretion = EXCLUDED.has_discretion,
             discretion_adjusted_on = EXCLUDED.discretion_adjusted_on,
             discretion_filed_on = EXCLUDED.discretion_filed_on, code_rule = EXCLUDED.code_rule,
             code_unit = EXCLUDED.code_unit, code_problem = EXCLUDED.code_problem,
             bases = EXCLUDED.bases, checked_at = now()`,
      [JSON.stringify(rows), CONTENT_CHECKS_REVISION],
    );
  }
}

/** The whole content of these versions, read in chunks, by version id. */
export async function loadVersionContents(
  m: EntityManager | DataSource,
  versionIds: string[],
): Promise<Map<string, PowerContent>> {
  const out = new Map<string, PowerContent>();
  for (let i = 0; i < versionIds.length; i += CHUNK) {
    const ids = versionIds.slice(i, i + CHUNK);
    const [versions, basesOf] = await Promise.all([
      m.query(
        `SELECT id, code, name, category, is_key AS "isKey", subject_unit_id AS "subjectUnitId",
                subject_type AS "subjectType", entrusting_party AS "entrustingParty",
                co_implementer_ids AS "coImplementerIds", legal_time_limit_days AS "legalTimeLimitDays",
                promised_time_limit_days AS "promisedTimeLimitDays", external_flow AS "externalFlow",
                internal_flow AS "internalFlow", discretion
           FROM power_version WHERE id = ANY($1)`,
        [ids],
      ) as Promise<PowerVersion[]>,
      basesOfVersions(m, ids),
    ]);
    for (const v of versions) out.set(v.id, contentOf(v, basesOf.get(v.id) ?? []));
  }
  return out;
}

/** What each unit's powers are judged under: its code and its region's coding rule. */
export interface UnitJudge extends CodeJudge {
  unitId: string;
}

/**
 * Makes sure every version in force at `end` of a power of these units has its content checks
 * stored under the current revision and, when `judges` are given (one per unit), its code judged
 * under the unit's coding rule and code. Runs in its own short transactions (not inside a snapshot
 * read), so two assessments filling the same rows at once both succeed. One statement when
 * nothing is missing.
 */
export async function ensureContentChecks(
  ds: DataSource,
  unitIds: string[],
  end: Date,
  judges?: readonly UnitJudge[],
): Promise<number> {
  const j = judges ?? [];
  const missing: {
    id: string;
    stored: boolean;
    code: string | null;
    category: PowerCategory | null;
    unit_code: string | null;
    pattern: string | null;
  }[] = await ds.query(
    `SELECT v.id, c.version_id IS NOT NULL AS stored, c.code, c.category, x.unit_code, x.pattern
       FROM power p
       JOIN power_version v ON v.power_id = p.id AND v.valid_from < $2 AND (v.valid_to IS NULL OR v.valid_to >= $2)
       LEFT JOIN power_version_check c ON c.version_id = v.id AND c.revision = $3
       LEFT JOIN unnest($4::uuid[], $5::text[], $6::text[]) AS x(unit_id, unit_code, pattern)
         ON x.unit_id = p.unit_id
      WHERE p.unit_id = ANY($1)
        AND (c.version_id IS NULL
             OR ($7 AND (c.code_rule IS DISTINCT FROM x.pattern OR c.code_unit IS DISTINCT FROM x.unit_code)))`,
    [
      unitIds,
      end,
      CONTENT_CHECKS_REVISION,
      j.map((u) => u.unitId),
      j.map((u) => u.unitCode),
      j.map((u) => u.pattern),
      judges !== undefined,
    ],
  );
  const judgeOf = new Map<string, CodeJudge>();
  for (const r of missing)
    if (r.unit_code !== null && r.pattern !== null)
      judgeOf.set(r.id, { unitCode: r.unit_code, pattern: r.pattern });
  const unstored = missing.filter((r) => !r.stored).map((r) => r.id);
  for (let i = 0; i < unstored.length; i += CHUNK) {
    const contents = await loadVersionContents(ds, unstored.slice(i, i + CHUNK));
    await storeContentChecks(
      ds,
      [...contents].map(([versionId, content]) => ({ versionId, content })),
      judges ? judgeOf : undefined,
    );
  }
  // stored, but the code judged under another rule or unit code: judged again from the stored code
  const rejudge = missing.filter((r) => r.stored && judgeOf.has(r.id));
  for (let i = 0; i < rejudge.length; i += CHUNK) {
    const rows = rejudge.slice(i, i + CHUNK).map((r) => {
      const judge = judgeOf.get(r.id)!;
      return {
        version_id: r.id,
        code_rule: judge.pattern,
        code_unit: judge.unitCode,
        code_problem: codeVerdict(r.code, r.category, judge),
      };
    });
    await ds.query(
      `UPDATE power_version_check c
          SET code_rule = x.code_rule, code_unit = x.code_unit, code_problem = x.code_problem
         FROM jsonb_to_recordset($1::jsonb) AS x(version_id uuid, code_rule text, code_unit text, code_problem text)
        WHERE c.version_id = x.version_id AND c.revision = $2`,
      [JSON.stringify(rows), CONTENT_CHECKS_REVISION],
    );
  }
  return missing.length;
}
