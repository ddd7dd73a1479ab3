import fc from 'fast-check';

import type { DetectedCase } from '../../src/modules/assessment/detector';
import { loadSchemes, schemeItems, type SchemeData } from '../../src/modules/assessment/scheme';
import type { AppealRef } from '../../src/modules/assessment/scorecard.types';
import {
  deductionId,
  fillToCap,
  largestRemainder,
  scoreItem,
} from '../../src/modules/assessment/scoring';

const schemes = loadSchemes();
const scheme = (code: string): SchemeData => schemes.find((s) => s.code === code)!;
const cents = (x: number) => Math.round(x * 100);
const sumCents = (xs: { points: number }[]) => xs.reduce((a, d) => a + cents(d.points), 0);
const cases = (k: number, records = k): DetectedCase[] =>
  Array.from({ length: k }, (_, i) => ({
    unitId: 'u',
    reason: `case ${i}`,
    occurredOn: null,
    powerId: `p${i % Math.max(1, records)}`,
  }));

describe('largestRemainder', () => {
  it('splits any total exactly, each share within a cent of its exact part', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }),
        (total, weights) => {
          const out = largestRemainder(total, weights);
          const sum = weights.reduce((a, w) => a + w, 0);
          if (sum === 0) return expect(out.every((x) => x === 0)).toBe(true);
          expect(out.reduce((a, x) => a + x, 0)).toBe(total);
          out.forEach((x, i) => expect(Math.abs(x - (total * weights[i]) / sum)).toBeLessThan(1));
        },
      ),
    );
  });
});

describe('fillToCap (扣完为止)', () => {
  it('takes exactly min(cap, sum), in order, never more than asked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 2000 }),
        (asked, cap) => {
          const taken = fillToCap(asked, cap);
          const total = asked.reduce((a, x) => a + x, 0);
          expect(taken.reduce((a, x) => a + x, 0)).toBe(Math.min(cap, total));
          taken.forEach((x, i) => expect(x).toBeLessThanOrEqual(asked[i]));
        },
      ),
    );
  });
});

describe('the deductions of an item add up exactly to its deducted', () => {
  const weighted = ['PROVINCIAL_DEPARTMENT', 'MUNICIPAL'].flatMap((code) =>
    schemeItems(scheme(code))
      .filter((i) => i.derived)
      .map((item) => ({ s: scheme(code), item })),
  );

  it('in weighted items, over random weights, case counts and applicable records', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...weighted),
        fc.integer({ min: 1, max: 1000 }).map((c) => c / 100),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 3 }),
        ({ s, item }, weight, k, extra, perRecord) => {
          const it = { ...item, maxPoints: weight };
          const records = Math.ceil(k / perRecord);
          const r = scoreItem(s, it, cases(k, records), records + extra, []);
          expect(sumCents(r.deductions)).toBe(cents(r.deducted));
          expect(cents(r.deducted) + cents(r.score)).toBe(cents(weight));
          expect(r.applicable).toBe(records + extra);
          expect(r.compliant).toBe(extra);
          const paid = r.deductions.filter((d) => d.points > 0).map((d) => cents(d.points));
          if (paid.length) expect(Math.max(...paid) - Math.min(...paid)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('in capped district items, the cases past the cap listed with 0, overturned ones with 0', () => {
    const d = scheme('DISTRICT_SANHEYI');
    const derived = schemeItems(d).filter((i) => i.derived);
    fc.assert(
      fc.property(
        fc.constantFrom(...derived),
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        (item, k, overturn) => {
          const cs = cases(k);
          const appeals = new Map<string, AppealRef>(
            cs
              .filter((_, i) => overturn[i])
              .map((c, i) => [
                deductionId(d.code, item.code, c),
                { id: `a${i}`, status: 'OVERTURNED' },
              ]),
          );
          const r = scoreItem(d, item, cs, 0, [], { appeals });
          expect(sumCents(r.deductions)).toBe(cents(r.deducted));
          expect(r.deducted).toBeLessThanOrEqual(item.maxPoints);
          const standing = cs.filter((_, i) => !overturn[i]).length;
          expect(cents(r.deducted)).toBe(
            Math.min(cents(item.maxPoints), standing * cents(item.perCase ?? 1)),
          );
          r.deductions.forEach((x, i) => overturn[i] && expect(x.points).toBe(0));
        },
      ),
    );
  });
});
