/**
 * One name, one power (DOMAIN.md): two live powers of one unit with the same name are a defect.
 * The names are indexed once for a whole page (or a unit), so the check of each power is a lookup.
 */
import {
  isLive,
  type PowerFacts,
  type PowerStatus,
  type Problem,
} from '../../catalog/power-content';
import { problem } from '../problem-codes';

export interface NamedPower {
  powerId: string;
  unitId: string;
  name: string | null | undefined;
  status: PowerStatus;
  /** shown to the clerk to say which power holds the name; the id is shown when missing */
  code?: string | null;
}

export interface NameHolder {
  powerId: string;
  code: string | null;
}

/** unit + normalized name → the live powers holding it */
export type NameIndex = ReadonlyMap<string, readonly NameHolder[]>;

/**
 * The comparison key of a power's name in its unit: the name trimmed and NFKC-normalized, so that
 * full-width and half-width forms (（）and (), full-width digits and spaces) compare equal.
 * Null for an empty name.
 */
export function nameKey(unitId: string, name: string | null | undefined): string | null {
  const n = name?.normalize('NFKC').trim();
  return n ? `${unitId}\u0000${n}` : null;
}

/** Every live power's name, by unit and normalized name. */
export function indexLiveNames(powers: readonly NamedPower[]): NameIndex {
  const index = new Map<string, NameHolder[]>();
  for (const p of powers) {
    if (!isLive(p.status)) continue;
    const key = nameKey(p.unitId, p.name);
    if (key === null) continue;
    const holders = index.get(key) ?? [];
    if (!holders.some((h) => h.powerId === p.powerId)) {
      holders.push({ powerId: p.powerId, code: p.code ?? null });
    }
    index.set(key, holders);
  }
  return index;
}

/**
 * The names two or more live powers of one unit share, with their holders. Pass every live power
 * of the units concerned (id, unit, name, status, code: one cheap query), not only the page shown,
 * or a duplicate outside the page goes unseen. To check a draft of a new power against its unit,
 * pass `indexLiveNames` of the unit's powers instead: the check looks for holders other than the
 * power itself either way.
 */
export function findDuplicateNames(powers: readonly NamedPower[]): NameIndex {
  const index = indexLiveNames(powers);
  return new Map([...index].filter(([, holders]) => holders.length > 1));
}

/**
 * NAME_DUPLICATE: another live power of the same unit has this live power's name. Both get the
 * problem. Feeds provincial item 35, municipal item 38 (name).
 */
export function duplicateNameProblems(facts: PowerFacts, names: NameIndex): Problem[] {
  if (!isLive(facts.status)) return [];
  const key = nameKey(facts.unitId, facts.content.name);
  if (key === null) return [];
  const others = (names.get(key) ?? []).filter((h) => h.powerId !== facts.powerId);
  if (!others.length) return [];
  const list = others.map((h) => h.code ?? h.powerId).join('、');
  return [
    problem(
      'NAME_DUPLICATE',
      `本单位另有在用权力事项（${list}）与「${facts.content.name!.trim()}」同名，请合并或修改名称，做到一项权力一个名称`,
      'name',
    ),
  ];
}
