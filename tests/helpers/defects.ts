import { penaltyDraft, type World } from './factories';
import type { TestApp } from './test-app';

const SYSTEM = { userId: null, requestId: 'test' };

/** The detectors that count the defects of a power's current version (the state-based items). */
export const PROBLEM_DETECTORS = [
  'external-flowchart',
  'internal-flowchart',
  'discretion-benchmark',
  'elements-complete',
  'key-risk-points',
  'coding',
  'name-unique',
  'subject',
  'bases',
] as const;

/** Changes a `penaltyDraft` in place (one defect, or nothing). */
export type DraftEdit = (draft: any) => void;

/** Leaves the draft as it is: a clean power. */
export const CLEAN: DraftEdit = () => undefined;

/**
 * A new unit in the world's county whose catalog holds one power a defect a state-based detector
 * counts, imported in one go. `powers` come in this order:
 * 0 clean; 1 external flow without its supervision; 2 an internal step without a post;
 * 3 no discretion benchmark; 4 a key power without risk points; 5 a code against the coding
 * rule; 6 and 7 the same name twice; 8 an entrusted subject that is the unit itself;
 * 9 based on a repealed law; 10 a promised time limit over the legal one;
 * then one power for each of `more`, in order.
 */
export async function makeDefectiveUnit(
  t: TestApp,
  w: World,
  o: { codeSuffix: string; name: string; more?: DraftEdit[] },
): Promise<{ unit: { id: string; code: string }; powers: { id: string; code: string }[] }> {
  const code = `${w.county.code}${o.codeSuffix}`;
  const u = await t.services.regions.createUnit(
    { code, name: o.name, regionId: w.county.id },
    SYSTEM,
  );
  const unit = { id: u.id, code };
  const edits: DraftEdit[] = [
    CLEAN,
    (x) => (x.externalFlow.supervision = null),
    (x) => (x.internalFlow.nodes[1].post = null),
    (x) => (x.discretion = null),
    (x) => {
      x.isKey = true;
      for (const node of x.internalFlow.nodes) node.riskPoints = [];
    },
    (x) => (x.code = `X${x.code}`),
    (x) => (x.name = '同名的处罚事项'),
    (x) => (x.name = '同名的处罚事项'),
    (x) => (x.subject = { unitId: unit.id, type: 'ENTRUSTED' }),
    (x) => (x.legalBases = [{ documentId: w.repealedLaw.id, articles: '第三条' }]),
    (x) => (x.promisedTimeLimitDays = 120),
    ...(o.more ?? []),
  ];
  const drafts = edits.map((edit, i) => {
    const draft = penaltyDraft(unit, w.law.id, i + 1) as any;
    edit(draft);
    return { unitId: unit.id, draft };
  });
  const powers = (
    await t.ok(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id code } } }`,
      { i: drafts },
      w.tokens.admin,
    )
  ).importPowers.powers;
  return { unit, powers };
}
