/**
 * Charts and benchmarks not redone after the law under them changed (DOMAIN.md, "How each derived
 * item reads the records"): an external chart not re-approved, a penalty's discretion benchmark
 * not adjusted and re-filed after a cited document was amended or repealed. District items 6 and
 * 8, provincial 38 and 40/41, municipal 41 and 44/45. Procedural: they never block a request.
 */
import type { LegalDocumentFacts, PowerContent, Problem } from '../../catalog/power-content';
import { problem } from '../problem-codes';

/** What these checks read of a version: its bases, the chart's approval, the benchmark's dates. */
export type StaleBasesContent = Pick<PowerContent, 'legalBases' | 'category'> & {
  externalFlow?: { approvedOn?: string | null } | null;
  discretion?: { adjustedOn?: string | null; filedOn?: string | null } | null;
};

/** The latest change of the power's cited documents, and the document's title. */
export function lastBasesChange(
  content: Pick<PowerContent, 'legalBases'>,
  documents: ReadonlyMap<string, LegalDocumentFacts>,
  lastAmended: ReadonlyMap<string, string>,
): { on: string; title: string } | null {
  let changed: { on: string; title: string } | null = null;
  for (const b of content.legalBases ?? []) {
    const on = lastAmended.get(b.documentId);
    if (on && (!changed || on > changed.on))
      changed = { on, title: documents.get(b.documentId)?.title ?? '' };
  }
  return changed;
}

/**
 * EXTERNAL_FLOW_NOT_REAPPROVED: the external chart was last approved before the latest change of
 * a cited document (or never). DISCRETION_NOT_READJUSTED: a penalty's benchmark was not both
 * adjusted and re-filed after it. A power with no chart or no benchmark has other problems.
 */
export function staleBasesProblems(
  content: StaleBasesContent,
  documents: ReadonlyMap<string, LegalDocumentFacts>,
  lastAmended: ReadonlyMap<string, string> | undefined,
): Problem[] {
  if (!lastAmended?.size) return [];
  const changed = lastBasesChange(content, documents, lastAmended);
  if (!changed) return [];
  const out: Problem[] = [];
  const law = `依据《${changed.title}》于 ${changed.on} 修改`;
  const approved = content.externalFlow?.approvedOn ?? null;
  if (content.externalFlow && !(approved && approved >= changed.on)) {
    out.push(
      problem(
        'EXTERNAL_FLOW_NOT_REAPPROVED',
        `${law}，外部流程图${approved ? `最近一次审定为 ${approved}` : '此后未见审定'}，请按新依据重新审定`,
        'externalFlow.approvedOn',
      ),
    );
  }
  const d = content.discretion;
  if (content.category === 'PENALTY' && d) {
    const a = d.adjustedOn ?? null;
    const f = d.filedOn ?? null;
    // both the adjustment and its re-filing must come after the change
    const stamp = a && f ? (a < f ? a : f) : null;
    if (!(stamp && stamp >= changed.on)) {
      out.push(
        problem(
          'DISCRETION_NOT_READJUSTED',
          `${law}，裁量基准${stamp ? `最近一次调整并备案为 ${stamp}` : '此后未见调整并重新备案'}，请按新依据调整后重新备案`,
          'discretion.adjustedOn',
        ),
      );
    }
  }
  return out;
}
