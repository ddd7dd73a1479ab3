import type { DataSource, EntityManager } from 'typeorm';

import { codingRulesInForce } from '../catalog/coding-rules';
import type { LegalDocumentFacts } from '../catalog/power-content';

import {
  codingRuleFor,
  findDuplicateNames,
  indexLiveNames,
  type NamedPower,
  type ProblemContext,
} from './problems';

/** What to load the problem checks' context for. */
export interface ProblemContextQuery {
  /** the legal documents the powers cite */
  documentIds: readonly string[];
  /** the date the catalog is judged as of (China Standard Time): repeals and amendments up to it */
  asOf: string;
  /** the instant the coding rules are read as of; the rules in force now when omitted */
  at?: Date;
  /** the live powers whose names are compared */
  names: readonly NamedPower[];
  /**
   * `catalog`: the names are the powers checked, and duplicates among them are problems;
   * `draft`: a draft is checked against the names of its unit
   */
  mode: 'catalog' | 'draft';
}

/** The context of the problem checks, for the powers of any region. */
export interface ProblemContexts {
  documents: ReadonlyMap<string, LegalDocumentFacts>;
  /** the context of a power owned by a unit of the region with this path */
  forRegion(regionPath: string): ProblemContext;
}

/**
 * The one builder of what the pure problem checks (`problems.ts`) need from the database: the
 * cited documents, the last amendment of each up to `asOf`, the coding rules in force and the
 * live names. Three statements whatever the number of powers; used by the problem service (a
 * draft, a page of powers) and by the assessments' snapshot alike, so a unit sees the defects
 * its scorecard counts.
 */
export async function loadProblemContexts(
  m: EntityManager | DataSource,
  q: ProblemContextQuery,
): Promise<ProblemContexts> {
  const ids = [...new Set(q.documentIds)];
  const docs: (LegalDocumentFacts & { lastAmendedOn: string | null })[] = ids.length
    ? await m.query(
        `SELECT d.id, d.title, d.issuer, d.level, d.promulgated_on::text AS "promulgatedOn",
                d.repealed_on::text AS "repealedOn",
                (SELECT max(a.amended_on)::text FROM legal_amendment a
                  WHERE a.document_id = d.id AND a.amended_on <= $2) AS "lastAmendedOn"
           FROM legal_document d WHERE d.id = ANY($1)`,
        [ids, q.asOf],
      )
    : [];
  const documents = new Map<string, LegalDocumentFacts>();
  const lastAmended = new Map<string, string>();
  for (const { lastAmendedOn, ...d } of docs) {
    documents.set(d.id, d);
    if (lastAmendedOn) lastAmended.set(d.id, lastAmendedOn);
  }
  const ruled = await codingRulesInForce(m, q.at);
  const duplicateNames =
    q.mode === 'catalog' ? findDuplicateNames(q.names) : indexLiveNames(q.names);
  return {
    documents,
    forRegion: (regionPath) => ({
      documents,
      lastAmended,
      asOf: q.asOf,
      codingRule: codingRuleFor(regionPath, ruled),
      duplicateNames,
    }),
  };
}
