import type { EntityManager } from 'typeorm';

import { must } from '../../errors';
import type {
  DiscretionBenchmarkData,
  FlowchartData,
  LegalDocumentFacts,
  PowerCategory,
  PowerStatus,
} from '../catalog/power-content';
import { loadVersionContents } from '../flow/content-checks';
import { loadProblemContexts } from '../flow/problem-context';
import { basesOfVersions } from '../flow/problem.service';
import {
  CONTENT_CHECKS_REVISION,
  contentProblems,
  problemsOf,
  type ContentProblems,
} from '../flow/problems';

import type { PowerSnapshot, SnapshotContent } from './detector';

interface SnapshotRow {
  power_id: string;
  unit_id: string;
  unit_code: string;
  region_path: string;
  created_at: Date;
  version_id: string;
  version_no: number;
  valid_from: Date;
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
}

/** The catalog of some units as it stood at an instant. */
export interface CatalogSnapshot {
  /** live powers (not cancelled), by code, each with the version then in force and its problems */
  powers: PowerSnapshot[];
  /** the documents they cite */
  documents: ReadonlyMap<string, LegalDocumentFacts>;
}

/**
 * The catalog of these units as it stood at the instant `at` (China Standard Time date `asOf`):
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
): Promise<CatalogSnapshot> {
  if (!unitIds.length) return { powers: [], documents: new Map() };
  const rows: SnapshotRow[] = await m.query(
    `SELECT p.id AS power_id, p.unit_id, u.code AS unit_code, r.path AS region_path, p.created_at,
            v.id AS version_id, v.version_no, v.valid_from, v.code, v.name, v.category, v.is_key,
            v.external_flow IS NOT NULL AS has_external_flow,
            v.external_flow->>'approvedOn' AS external_approved_on,
            v.discretion IS NOT NULL AS has_discretion,
            v.discretion->>'adjustedOn' AS discretion_adjusted_on,
            v.discretion->>'filedOn' AS discretion_filed_on,
            c.problems AS content_problems,
            s.status
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
  // by code, compared as the service compares strings everywhere (not the database's collation)
  rows.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  // A version written after `ensureContentChecks` ran by anything but applyChange (bulk SQL):
  // checked here, from its content, and not stored (this transaction only reads).
  const unchecked = rows.filter((r) => r.content_problems === null).map((r) => r.version_id);
  const late = unchecked.length ? await loadVersionContents(m, unchecked) : new Map();
  const basesOf = await basesOfVersions(
    m,
    rows.map((r) => r.version_id),
  );
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
      versionNo: r.version_no,
      validFrom: r.valid_from,
      status: r.status,
      createdAt: r.created_at,
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
