import type { DataSource, EntityManager } from 'typeorm';

import { codingRulesInForceSql } from '../catalog/coding-rules';
import type { LegalDocumentFacts } from '../catalog/power-content';

import {
  codingRuleFor,
  findDuplicateNames,
  indexLiveNames,
  type NamedPower,
  type ProblemContext,
  type RuledRegion,
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
 * live names. One statement whatever the number of powers; used by the problem service (a
 * draft, a page of powers) and by the assessments' snapshot alike, so a unit sees the defects
 * its scorecard counts.
 */
export async function loadProblemContexts(
  m: EntityManager | DataSource,
  q: ProblemContextQuery,
): Promise<ProblemContexts> {
  const ids = [...new Set(q.documentIds)];
  // the cited documents and the coding rules in one statement, each as JSON (only text in it)
  const [read]: {
    docs: (LegalDocumentFacts & { lastAmendedOn: string | null })[];
    ruled: RuledRegion[];
  }[] = await m.query(
    `SELECT (SELECT coalesce(json_agg(json_build_object('id', d.id, 'title', d.title,
                      'issuer', d.issuer, 'level', d.level,
                      'promulgatedOn', d.promulgated_on::text, 'repealedOn', d.repealed_on::text,
                      'lastAmendedOn', (SELECT max(a.amended_on)::text FROM legal_amendment a
                                         WHERE a.document_id = d.id AND a.amended_on <= $2))), '[]')
               FROM legal_document d WHERE d.id = ANY($1)) AS docs,
            (SELECT coalesce(json_agg(x), '[]') FROM (${codingRulesInForceSql('$3')}) x) AS ruled`,
    [ids, q.asOf, q.at ?? null],
  );
  const documents = new Map<string, LegalDocumentFacts>();
  const lastAmended = new Map<string, string>();
  for (const { lastAmendedOn, ...d } of read.docs) {
    documents.set(d.id, d);
    if (lastAmendedOn) lastAmended.set(d.id, lastAmendedOn);
  }
  const ruled = read.ruled;
  const duplicateNames =
    q.mode === 'catalog' ? findDuplicateNames(q.names) : indexLiveNames(q.names);
  // one context per region path, not one per power (a city card asks for 1,600 powers of 70 units)
  const byPath = new Map<string, ProblemContext>();
  return {
    documents,
    forRegion: (regionPath) => {
      let ctx = byPath.get(regionPath);
      if (!ctx) {
        ctx = {
          documents,
          lastAmended,
          asOf: q.asOf,
          codingRule: codingRuleFor(regionPath, ruled),
          duplicateNames,
        };
        byPath.set(regionPath, ctx);
      }
      return ctx;
    },
  };
}
