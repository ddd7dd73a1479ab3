import type { Loaders } from '../../common/loaders';

import type { DiffLabels } from './diff';
import { LegalDocument } from './legal-document.entity';
import type { PowerContent } from './power-content';
import { Unit } from './unit.entity';

/**
 * The names a diff of these contents shows: the titles of the documents they cite and the names
 * of the units they name, through the request's loaders (an id not found shows as itself).
 */
export async function diffLabels(
  loaders: Pick<Loaders, 'document' | 'unit'>,
  contents: readonly (PowerContent | null | undefined)[],
): Promise<DiffLabels> {
  const docIds = new Set<string>();
  const unitIds = new Set<string>();
  for (const c of contents) {
    for (const b of c?.legalBases ?? []) docIds.add(b.documentId);
    if (c?.subject) {
      unitIds.add(c.subject.unitId);
      for (const id of c.subject.coImplementerIds ?? []) unitIds.add(id);
    }
  }
  const [docs, units] = await Promise.all([
    loaders.document.loadMany([...docIds]),
    loaders.unit.loadMany([...unitIds]),
  ]);
  const titles = new Map(
    docs.filter((d): d is LegalDocument => d instanceof LegalDocument).map((d) => [d.id, d.title]),
  );
  const names = new Map(
    units.filter((u): u is Unit => u instanceof Unit).map((u) => [u.id, u.name]),
  );
  return {
    documentTitle: (id) => titles.get(id) ?? id,
    unitName: (id) => names.get(id) ?? id,
  };
}
