import fc from 'fast-check';

import { obligationWindows, powerCode } from '../../bench/generate';
import { buildDemoData } from '../../seeds/demo-catalog';
import { REGION_LEVELS } from '../../src/common/enums';
import {
  CHART_FAMILIES,
  chartFamilyOf,
  sampleDiscretion,
  sampleExternalFlow,
  sampleInternalFlow,
} from '../../src/common/sample-content';
import { loadChineseDaysYears } from '../../src/modules/calendar/chinese-days-source';
import { addDays } from '../../src/modules/calendar/iso-date';
import { WorkCalendar } from '../../src/modules/calendar/work-calendar';
import { POWER_CATEGORIES, type PowerCategory } from '../../src/modules/catalog/power-content';
import { defaultWindowPolicy } from '../../src/modules/change/window-policy';
import {
  DEFAULT_CODING_RULE,
  codeMatchesRule,
  nextCode,
} from '../../src/modules/flow/checks/coding-rule';
import { contentProblems } from '../../src/modules/flow/problems';

const cal = new WorkCalendar(loadChineseDaysYears());

describe('the one set of sample content', () => {
  it.each(POWER_CATEGORIES)(
    'gives a %s power charts (and a penalty a benchmark) the checks find nothing wrong with',
    (category) => {
      const family = chartFamilyOf(category);
      const problems = contentProblems({
        category,
        legalTimeLimitDays: 90,
        promisedTimeLimitDays: 60,
        externalFlow: sampleExternalFlow(family),
        internalFlow: sampleInternalFlow(family),
        discretion: category === 'PENALTY' ? sampleDiscretion() : null,
      });
      expect([...problems.rest]).toEqual([]);
    },
  );

  it('hands out a fresh copy each time, so one caller spoiling its copy leaves the next alone', () => {
    for (const family of CHART_FAMILIES) {
      const spoiled = sampleInternalFlow(family);
      spoiled.nodes[1].post = null;
      spoiled.nodes[1].riskPoints!.pop();
      expect(sampleInternalFlow(family).nodes[1].post).toBeTruthy();
      expect(sampleInternalFlow(family).nodes[1].riskPoints).toHaveLength(1);
    }
    const tiers = sampleDiscretion();
    tiers.tiers.pop();
    expect(sampleDiscretion().tiers).toHaveLength(3);
  });

  it('is what the demo catalog writes, dated to each power and in the family of its category', () => {
    const demo = buildDemoData();
    const clean = demo.powers.filter((p) => !demo.defects.some((d) => d.code === p.content.code));
    expect(clean.length).toBeGreaterThan(100);
    for (const p of clean) {
      const family = chartFamilyOf(p.content.category!);
      const ext = p.content.externalFlow!;
      expect(ext.nodes).toEqual(sampleExternalFlow(family).nodes);
      expect(p.content.internalFlow!.edges).toEqual(sampleInternalFlow(family).edges);
      if (p.content.discretion) {
        expect(p.content.discretion.tiers).toEqual(sampleDiscretion().tiers);
      }
    }
  });
});

describe('the benchmark generator computes its rules with the domain modules', () => {
  const categories = fc.constantFrom<PowerCategory>(...POWER_CATEGORIES);
  const unitCode = fc.stringMatching(/^[1-9]\d{8}$/);

  it('codes a power as the default coding rule does', () => {
    fc.assert(
      fc.property(unitCode, categories, fc.integer({ min: 1, max: 9999 }), (u, category, seq) => {
        const code = powerCode({
          unitCode: u,
          category,
          seq,
          categoryIndex: 1,
          wrongLetters: false,
        });
        expect(code).toBe(nextCode(DEFAULT_CODING_RULE, u, category, seq));
        expect(codeMatchesRule(code, DEFAULT_CODING_RULE, u, category)).toEqual({ ok: true });
      }),
    );
  });

  it("gives a power meant to carry the wrong letters another category's letters, in the rule's form", () => {
    fc.assert(
      fc.property(
        unitCode,
        categories,
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 10 }),
        (u, category, seq, categoryIndex) => {
          const code = powerCode({ unitCode: u, category, seq, categoryIndex, wrongLetters: true });
          expect(codeMatchesRule(code, DEFAULT_CODING_RULE, u, category)).toMatchObject({
            ok: false,
            part: 'category',
          });
          expect(codeMatchesRule(code, DEFAULT_CODING_RULE, u, null)).toEqual({ ok: true });
        },
      ),
    );
  });

  it("opens each obligation with its level's default window, due on the calendar's deadline", () => {
    const triggers = Array.from({ length: 120 }, (_, i) => addDays('2025-01-10', i * 6));
    // the holidays that move a deadline are among them
    triggers.push('2025-09-26', '2025-01-24', '2026-02-10', '2026-12-20');
    const windows = obligationWindows(cal, triggers);
    expect(windows).toHaveLength(triggers.length * REGION_LEVELS.length);
    for (const w of windows) {
      const policy = defaultWindowPolicy(w.level);
      expect({ days: w.days, count: w.count, measure: w.measure }).toEqual(policy);
      let due: string | null = null;
      try {
        due = cal.deadline(w.trig, policy.days, policy.count);
      } catch {
        due = null; // the calendar does not hold the year yet: no due date, as in the service
      }
      expect({ trig: w.trig, level: w.level, due: w.dueOn }).toEqual({
        trig: w.trig,
        level: w.level,
        due,
      });
    }
    expect(windows.filter((w) => w.dueOn !== null).length).toBeGreaterThan(300);
  });
});
