import type { Detector, DetectorInput } from '../detector';
import { powersWithProblems } from '../detector';

import { basesChangedAfter } from './bases-changed';

const CODES = new Set([
  'EXTERNAL_FLOW_MISSING',
  'EXTERNAL_FLOW_NO_END_REACHABLE',
  'EXTERNAL_FLOW_UNREACHABLE_STEP',
  'EXTERNAL_FLOW_DEAD_END_STEP',
  'EXTERNAL_FLOW_NO_SUPERVISION',
  'EXTERNAL_FLOW_NO_COUNTERPARTY_RIGHTS',
  'EXTERNAL_FLOW_NO_COMPLAINT_CHANNEL',
  'EXTERNAL_FLOW_NOT_APPROVED',
  'EXTERNAL_FLOW_NOT_PUBLISHED',
]);

/**
 * District item 6, provincial 38, municipal 41 (外部流程图): a live power with no external
 * flowchart, an invalid one, one missing supervision / rights / complaint content, or one not
 * re-approved after a change of its bases. One case per power, its defects listed.
 */
export const externalFlowchart: Detector = async (input: DetectorInput) => {
  const result = powersWithProblems(input, CODES, '外部流程图不符合要求');
  const stale = await basesChangedAfter(
    input,
    (p) => p.content.externalFlow?.approvedOn ?? null,
    '外部流程图未在依据修改后重新审定',
  );
  return { cases: mergeByPower(result.cases, stale), applicable: result.applicable };
};

/** One case per power: a power already a case gets the extra reason appended. */
export function mergeByPower<T extends { powerId?: string | null; reason: string }>(
  cases: T[],
  extra: T[],
): T[] {
  const byPower = new Map(cases.map((c) => [c.powerId, c]));
  const out = [...cases];
  for (const e of extra) {
    const hit = byPower.get(e.powerId);
    if (hit) hit.reason += `；${e.reason.split('：').slice(1).join('：') || e.reason}`;
    else out.push(e);
  }
  return out;
}
