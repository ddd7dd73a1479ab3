/**
 * The stored results of each version's content checks (power_version_check). A version never
 * changes, so what its content says on its own is computed once: when `applyChange` writes the
 * version, or, for a version written otherwise (before the table existed, or by bulk SQL) or under
 * an older CONTENT_CHECKS_REVISION, the first time an assessment reads it.
 */
import type { DataSource, EntityManager } from 'typeorm';

import type { PowerContent } from '../catalog/power-content';
import type { PowerVersion } from '../catalog/power-version.entity';

import { basesOfVersions, contentOf } from './problem.service';
import { CONTENT_CHECKS_REVISION, contentProblems } from './problems';

/** How many versions one statement reads or writes when filling the table. */
const CHUNK = 1000;

/** Computes and stores the content checks of these versions. */
export async function storeContentChecks(
  m: EntityManager | DataSource,
  versions: { versionId: string; content: PowerContent }[],
): Promise<void> {
  for (let i = 0; i < versions.length; i += CHUNK) {
    const rows = versions
      .slice(i, i + CHUNK)
      .map((v) => ({ version_id: v.versionId, problems: contentProblems(v.content) }));
    await m.query(
      `INSERT INTO power_version_check (version_id, revision, problems)
       SELECT x.version_id, $2, x.problems FROM jsonb_to_recordset($1::jsonb) AS x(version_id uuid, problems jsonb)
       ON CONFLICT (version_id) DO UPDATE
         SET revision = EXCLUDED.revision, problems = EXCLUDED.problems, checked_at = now()`,
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

/**
 * Makes sure every version in force at `end` of a power of these units has its content checks
 * stored under the current revision. Runs in its own short transactions (not inside a snapshot
 * read), so two assessments filling the same rows at once both succeed. One statement when
 * nothing is missing.
 */
export async function ensureContentChecks(
  ds: DataSource,
  unitIds: string[],
  end: Date,
): Promise<number> {
  const missing: { id: string }[] = await ds.query(
    `SELECT v.id
       FROM power p
       JOIN power_version v ON v.power_id = p.id AND v.valid_from < $2 AND (v.valid_to IS NULL OR v.valid_to >= $2)
       LEFT JOIN power_version_check c ON c.version_id = v.id AND c.revision = $3
      WHERE p.unit_id = ANY($1) AND c.version_id IS NULL`,
    [unitIds, end, CONTENT_CHECKS_REVISION],
  );
  for (let i = 0; i < missing.length; i += CHUNK) {
    const contents = await loadVersionContents(
      ds,
      missing.slice(i, i + CHUNK).map((r) => r.id),
    );
    await storeContentChecks(
      ds,
      [...contents].map(([versionId, content]) => ({ versionId, content })),
    );
  }
  return missing.length;
}
