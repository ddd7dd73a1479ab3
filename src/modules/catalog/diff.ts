import type { PowerVersion } from './power-version.entity';

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** A version's fields as comparable text; bases as "《title》articles" lines. */
function fieldsOf(
  v: PowerVersion,
  bases: { title: string; articles: string }[],
): Record<string, string | null> {
  const text = (x: unknown): string | null =>
    x === null || x === undefined ? null : typeof x === 'string' ? x : JSON.stringify(x);
  return {
    code: v.code,
    name: v.name,
    category: v.category,
    isKey: String(v.isKey),
    'subject.unitId': v.subjectUnitId,
    'subject.type': v.subjectType,
    'subject.entrustingParty': text(v.entrustingParty),
    'subject.coImplementerIds': v.coImplementerIds.length ? v.coImplementerIds.join(',') : null,
    legalBases: bases.length ? bases.map((b) => `《${b.title}》${b.articles}`).join('\n') : null,
    legalTimeLimitDays: text(v.legalTimeLimitDays),
    promisedTimeLimitDays: text(v.promisedTimeLimitDays),
    externalFlow: text(v.externalFlow),
    internalFlow: text(v.internalFlow),
    discretion: text(v.discretion),
  };
}

/** The fields that differ between two versions of a power, in a fixed order. */
export function diffVersions(
  from: PowerVersion,
  fromBases: { title: string; articles: string }[],
  to: PowerVersion,
  toBases: { title: string; articles: string }[],
): FieldChange[] {
  const a = fieldsOf(from, fromBases);
  const b = fieldsOf(to, toBases);
  return Object.keys(a)
    .filter((k) => a[k] !== b[k])
    .map((field) => ({ field, before: a[field], after: b[field] }));
}
