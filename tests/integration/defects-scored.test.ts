import { SCHEME_CODES } from '../../src/modules/assessment/scheme';
import { addDays } from '../../src/modules/calendar/iso-date';
import { chinaDate } from '../../src/modules/change/change-rules';
import { codesFeeding } from '../../src/modules/flow/problem-codes';
import { makeDefectiveUnit, PROBLEM_DETECTORS } from '../helpers/defects';
import { makeWorld, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Dates from the day the file runs on: the cards are of a running period, judged now.
const TODAY = chinaDate(new Date());
const FROM = addDays(TODAY, -100);
const TO = addDays(TODAY, 10);
const SYS = { userId: null, requestId: 'test' };

let t: TestApp;
let w: World;
let unit: { id: string; code: string };
let powers: { id: string; code: string }[];

const CARD = `query($scheme: String!, $unitId: ID!, $from: Date!, $to: Date!) {
  scorecard(scheme: $scheme, unitId: $unitId, from: $from, to: $to) {
    scheme { sections { items { code detector } } }
    sections { items { code deductions { id reason power { id problems { code message } } } } }
  } }`;

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date() } });
  w = await makeWorld(t);
  const doc = await t.services.legalDocuments.create(
    {
      title: `将修改的测试条例${w.unit.code}`,
      issuer: '省人大常委会',
      level: 'LOCAL_REGULATION',
      promulgatedOn: '2020-01-01',
    },
    SYS,
  );
  // and, last, charts and benchmarks under a law amended after they were approved and filed
  ({ unit, powers } = await makeDefectiveUnit(t, w, {
    codeSuffix: '777',
    name: '缺陷单位',
    more: [(x) => (x.legalBases = [{ documentId: doc.id, articles: '第十条' }])],
  }));
  await t.services.obligations.recordAmendment(
    { documentId: doc.id, amendedOn: addDays(TODAY, -30), note: '罚款幅度调整' },
    { kind: 'all' },
    SYS,
  );
});
afterAll(() => t.close());

describe('one truth for defects: Power.problems shows what the scorecards count', () => {
  it.each(SCHEME_CODES)(
    '%s: every power each state-based item counts shows, among its problems, a code that feeds that item',
    async (scheme) => {
      const c = (
        await t.ok(CARD, { scheme, unitId: unit.id, from: FROM, to: TO }, w.tokens.assessor)
      ).scorecard;
      const detector = new Map<string, string | null>(
        c.scheme.sections.flatMap((s: any) => s.items.map((i: any) => [i.code, i.detector])),
      );
      let checked = 0;
      for (const item of c.sections.flatMap((s: any) => s.items)) {
        if (!PROBLEM_DETECTORS.some((p) => p === detector.get(item.code))) continue;
        const feeding = codesFeeding(scheme, [Number(item.code)]);
        for (const d of item.deductions) {
          const shown = d.power.problems.map((p: any) => p.code);
          expect({
            item: item.code,
            reason: d.reason,
            shown: shown.filter((x: string) => feeding.has(x as never)).length > 0,
          }).toEqual({
            item: item.code,
            reason: d.reason,
            shown: true,
          });
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(5);
    },
  );

  it('shows a chart and a benchmark not redone after their law was amended, which the district items 6 and 8 deduct', async () => {
    const stale = powers[powers.length - 1];
    const p = await t.ok(
      `query($id: ID!) { power(id: $id) { problems { code message } } }`,
      { id: stale.id },
      w.tokens.admin,
    );
    const codes = p.power.problems.map((x: any) => x.code);
    expect(codes).toEqual(
      expect.arrayContaining(['EXTERNAL_FLOW_NOT_REAPPROVED', 'DISCRETION_NOT_READJUSTED']),
    );
    const c = (
      await t.ok(
        CARD,
        { scheme: 'DISTRICT_SANHEYI', unitId: unit.id, from: FROM, to: TO },
        w.tokens.assessor,
      )
    ).scorecard;
    const items = c.sections.flatMap((s: any) => s.items);
    for (const code of ['6', '8']) {
      const item = items.find((i: any) => i.code === code);
      expect(item.deductions.map((d: any) => d.power.id)).toContain(stale.id);
    }
  });
});
