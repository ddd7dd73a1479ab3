import type { DetectedCase, DetectorInput, PowerSnapshot } from '../detector';

/**
 * Powers whose bases changed (a cited document amended or repealed, within the catalog's
 * history up to the period's end) after the date their chart or benchmark was last approved,
 * adjusted or filed: `stamp` gives that date, null counting as never.
 */
export async function basesChangedAfter(
  input: DetectorInput,
  stamp: (p: PowerSnapshot) => string | null,
  lead: string,
  include: (p: PowerSnapshot) => boolean = () => true,
): Promise<DetectedCase[]> {
  const docIds = [
    ...new Set(
      input.snapshot.flatMap((p) => (p.content.legalBases ?? []).map((b) => b.documentId)),
    ),
  ];
  if (!docIds.length) return [];
  const rows: { document_id: string; amended_on: string }[] = await input.m.query(
    `SELECT document_id, max(amended_on)::text AS amended_on FROM legal_amendment
      WHERE document_id = ANY($1) AND amended_on <= $2 GROUP BY document_id`,
    [docIds, input.through],
  );
  const lastChange = new Map(rows.map((r) => [r.document_id, r.amended_on]));
  const cases: DetectedCase[] = [];
  for (const p of input.snapshot) {
    if (!include(p)) continue;
    let changed: { on: string; title: string } | null = null;
    for (const b of p.content.legalBases ?? []) {
      const on = lastChange.get(b.documentId);
      if (on && (!changed || on > changed.on))
        changed = { on, title: input.documents.get(b.documentId)?.title ?? '' };
    }
    if (!changed) continue;
    const at = stamp(p);
    if (at && at >= changed.on) continue;
    cases.push({
      unitId: p.unitId,
      powerId: p.powerId,
      versionId: p.versionId,
      occurredOn: changed.on,
      reason: `${lead}：权力事项 ${p.code}「${p.content.name ?? ''}」的依据《${changed.title}》于 ${changed.on} 修改，${at ? `最近一次为 ${at}` : '此后未见记录'}`,
    });
  }
  return cases;
}
