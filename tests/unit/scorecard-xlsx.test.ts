import ExcelJS from 'exceljs';

import type {
  DeductionData,
  ItemScoreData,
  ScorecardData,
} from '../../src/modules/assessment/scorecard.types';
import {
  DEDUCTION_HEADERS,
  SCORE_HEADERS,
  scorecardWorkbook,
  type ScorecardNames,
} from '../../src/modules/assessment/scorecard.xlsx';

const UNIT = '11111111-1111-4111-8111-111111111111';
const OTHER_UNIT = '22222222-2222-4222-8222-222222222222';
const P1 = 'a0000000-0000-4000-8000-000000000001';
const P2 = 'a0000000-0000-4000-8000-000000000002';
const P3 = 'a0000000-0000-4000-8000-000000000003';
const V1 = 'b0000000-0000-4000-8000-000000000001';
const CR = 'c0000000-0000-4000-8000-000000000001';
const FINDING = 'd0000000-0000-4000-8000-000000000001';

/** A deduction with no record behind it but a unit; override what a row needs. */
let nextId = 0;
const ded = (over: Partial<DeductionData>): DeductionData => ({
  id: `e0000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`,
  itemCode: '1',
  points: 1,
  reason: '原因',
  occurredOn: null,
  unitId: UNIT,
  powerId: null,
  versionId: null,
  changeRequestId: null,
  obligationId: null,
  recordId: null,
  manual: false,
  findingId: null,
  appeal: null,
  ...over,
});

const item = (over: Partial<ItemScoreData> & { code: string; maxPoints: number }) => {
  const deductions = over.deductions ?? [];
  const found = deductions.reduce((s, d) => s + d.points, 0);
  const deducted = Math.min(over.maxPoints, found);
  return {
    no: Number(over.code),
    requirement: `第${over.code}项的目标要求`,
    scoring: `第${over.code}项的评分说明，有一起扣1分`,
    derived: true,
    kind: 'BASE',
    assessed: true,
    deducted,
    score: over.maxPoints - deducted,
    capped: found > over.maxPoints,
    cases: deductions.length,
    applicable: null,
    compliant: null,
    deductions,
    ...over,
  } satisfies ItemScoreData;
};

/**
 * Two sections of two items each: item 1 a manual finding, item 2 clean, item 6 two per-case
 * deductions capped at its 1 point, item 8 one deduction for a power the names do not know.
 */
const CARD: ScorecardData = {
  schemeCode: 'DISTRICT_SANHEYI',
  schemeName: '新北区“三合一”阳光政务平台考核评分表',
  unitId: UNIT,
  regionId: null,
  subjectName: '市场监督管理局',
  from: '2026-01-01',
  to: '2026-12-31',
  maxPoints: 8,
  score: 5,
  deducted: 3,
  asOf: new Date('2026-12-31T16:00:00Z'),
  provisional: false,
  complete: true,
  sections: [
    {
      code: 'S1',
      name: '组织管理',
      maxPoints: 5,
      score: 4,
      items: [
        item({
          code: '1',
          maxPoints: 3,
          derived: false,
          deductions: [
            ded({
              itemCode: '1',
              points: 1,
              reason: '没有确定第一责任人',
              occurredOn: '2026-03-05',
              id: FINDING,
              findingId: FINDING,
              manual: true,
            }),
          ],
        }),
        item({ code: '2', maxPoints: 2, scoring: null }),
      ],
    },
    {
      code: 'S2',
      name: '权力库维护',
      maxPoints: 3,
      score: 1,
      items: [
        item({
          code: '6',
          maxPoints: 1,
          deductions: [
            ded({
              itemCode: '6',
              reason: '外部流程图缺失',
              powerId: P1,
              versionId: V1,
              occurredOn: '2026-12-31',
              appeal: { id: 'f0000000-0000-4000-8000-000000000001', status: 'OVERTURNED' },
            }),
            ded({
              itemCode: '6',
              reason: '外部流程图未标明监督方式',
              powerId: P2,
              unitId: OTHER_UNIT,
              changeRequestId: CR,
            }),
          ],
        }),
        item({
          code: '8',
          maxPoints: 2,
          deductions: [ded({ itemCode: '8', points: 0.5, reason: '未建立裁量基准', powerId: P3 })],
        }),
      ],
    },
  ],
};

const NAMES: ScorecardNames = {
  units: new Map([
    [UNIT, '市场监督管理局'],
    [OTHER_UNIT, '生态环境局'],
  ]),
  powers: new Map([
    [P1, { code: '320111001-CF-0001', name: '对未取得许可从事经营活动的处罚' }],
    [P2, { code: '320111001-CF-0002', name: '对违规排放的处罚' }],
  ]),
  versions: new Map([[V1, 3]]),
};

async function open(card: ScorecardData, names = NAMES): Promise<ExcelJS.Workbook> {
  const buffer = await scorecardWorkbook(card, names);
  expect(Buffer.isBuffer(buffer)).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

const values = (ws: ExcelJS.Worksheet, row: number, n: number) =>
  Array.from({ length: n }, (_, i) => ws.getRow(row).getCell(i + 1).value);

let wb: ExcelJS.Workbook;
let sheet: ExcelJS.Worksheet;
let details: ExcelJS.Worksheet;
beforeAll(async () => {
  wb = await open(CARD);
  sheet = wb.getWorksheet('评分表')!;
  details = wb.getWorksheet('扣分明细')!;
});

describe('sheet 1 "评分表"', () => {
  it('comes first, then "扣分明细"', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['评分表', '扣分明细']);
  });

  it('has a title row with the scheme, the subject and the period, merged over the table', () => {
    const title = sheet.getCell('A1').value as string;
    expect(title).toContain(CARD.schemeName);
    expect(title).toContain('市场监督管理局');
    expect(title).toContain('2026-01-01 至 2026-12-31');
    expect(sheet.getCell('H1').master.address).toBe('A1');
    expect(sheet.getCell('A1').font.bold).toBe(true);
  });

  it('has the bold, frozen header of the source table plus 扣分, 扣分次数, the share and the assessment', () => {
    expect(values(sheet, 2, 11)).toEqual([...SCORE_HEADERS]);
    expect(SCORE_HEADERS).toEqual([
      '项目',
      '序号',
      '目标要求',
      '分值',
      '评分说明',
      '得分',
      '扣分',
      '扣分次数',
      '适用数',
      '合规数',
      '评定',
    ]);
    expect(sheet.getCell('B2').font.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });

  it('writes one row per item: code, texts, points, score, deducted, cases, all numbers', () => {
    expect(values(sheet, 3, 8)).toEqual([
      '组织管理\n5分',
      1,
      '第1项的目标要求',
      3,
      '第1项的评分说明，有一起扣1分',
      2,
      1,
      1,
    ]);
    expect(values(sheet, 4, 8).slice(1)).toEqual([2, '第2项的目标要求', 2, null, 2, 0, 0]);
    expect(values(sheet, 5, 8)).toEqual([
      '权力库维护\n3分',
      6,
      '第6项的目标要求',
      1,
      '第6项的评分说明，有一起扣1分',
      0,
      1,
      2,
    ]);
    expect(values(sheet, 6, 8).slice(1, 8)).toEqual([
      8,
      '第8项的目标要求',
      2,
      '第8项的评分说明，有一起扣1分',
      1.5,
      0.5,
      1,
    ]);
  });

  it('merges each section name down over its items, as the source table merges 项目', () => {
    expect(sheet.model.merges).toEqual(expect.arrayContaining(['A3:A4', 'A5:A6']));
    expect(sheet.getCell('A4').master.address).toBe('A3');
    expect(sheet.getCell('A6').master.address).toBe('A5');
    expect(sheet.getCell('A5').isMerged).toBe(true);
  });

  it('formats points as 0.00, wraps text and sizes the columns', () => {
    for (const addr of ['D3', 'F3', 'G3', 'D6', 'F6', 'G6']) {
      expect(sheet.getCell(addr).numFmt).toBe('0.00');
    }
    expect(sheet.getCell('C3').alignment).toMatchObject({ wrapText: true });
    expect(sheet.getCell('E5').alignment).toMatchObject({ wrapText: true });
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(40);
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual(40);
    expect(sheet.getColumn(2).width).toBeLessThan(10);
  });

  it('notes a capped item: the cases found exceed its point (扣完为止)', () => {
    const note = sheet.getCell('G5').note;
    const text = typeof note === 'string' ? note : JSON.stringify(note);
    expect(text).toContain('扣完为止');
    expect(text).toContain('2');
    expect(sheet.getCell('G3').note).toBeUndefined();
  });

  it('ends with a bold 合计 row: the card’s points, score and deducted, and every case', () => {
    expect(sheet.rowCount).toBe(7);
    expect(values(sheet, 7, 8)).toEqual(['合计', '合计', '合计', 8, null, 5, 3, 4]);
    expect(sheet.getCell('C7').master.address).toBe('A7');
    expect(sheet.getCell('F7').numFmt).toBe('0.00');
    for (const addr of ['A7', 'E7', 'H7']) {
      expect(sheet.getCell(addr).font.bold).toBe(true);
      expect(sheet.getCell(addr).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    }
  });
});

describe('sheet 2 "扣分明细"', () => {
  it('has the frozen header with a filter', () => {
    expect(values(details, 1, 14)).toEqual([...DEDUCTION_HEADERS]);
    expect(DEDUCTION_HEADERS).toEqual([
      '序号',
      '扣分',
      '原因',
      '发生日期',
      '单位',
      '权力事项编码',
      '权力事项名称',
      '版本号',
      '变更申请ID',
      '义务ID',
      '记录ID',
      '人工认定',
      '申诉',
      '扣分ID',
    ]);
    expect(details.getCell('A1').font.bold).toBe(true);
    expect(details.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(details.autoFilter).toBeTruthy();
  });

  it('lists every deduction in table order, with unit names, power codes, names and version numbers', () => {
    expect(details.rowCount).toBe(5);
    const rows = CARD.sections.flatMap((s) => s.items.flatMap((i) => i.deductions));
    expect(values(details, 2, 14)).toEqual([
      1,
      1,
      '没有确定第一责任人',
      new Date('2026-03-05T00:00:00Z'),
      '市场监督管理局',
      null,
      null,
      null,
      null,
      null,
      null,
      '是',
      null,
      FINDING,
    ]);
    expect(values(details, 3, 14)).toEqual([
      6,
      1,
      '外部流程图缺失',
      new Date('2026-12-31T00:00:00Z'),
      '市场监督管理局',
      '320111001-CF-0001',
      '对未取得许可从事经营活动的处罚',
      3,
      null,
      null,
      null,
      '否',
      '申诉撤销扣分',
      rows[1].id,
    ]);
    expect(values(details, 4, 14)).toEqual([
      6,
      1,
      '外部流程图未标明监督方式',
      null,
      '生态环境局',
      '320111001-CF-0002',
      '对违规排放的处罚',
      null,
      CR,
      null,
      null,
      '否',
      null,
      rows[2].id,
    ]);
  });

  it('keeps points numeric (0.00) and dates real dates (yyyy-mm-dd)', () => {
    expect(details.getCell('B5').value).toBe(0.5);
    expect(details.getCell('B5').numFmt).toBe('0.00');
    expect(details.getCell('D2').numFmt).toBe('yyyy-mm-dd');
    expect(details.getCell('D2').value).toBeInstanceOf(Date);
  });

  it('shows the id of a power the names do not know', () => {
    expect(details.getCell('F5').value).toBe(P3);
  });
});

describe('unassessed items and provisional cards', () => {
  it('leaves 得分 and 扣分 empty and says 未评 for an unassessed manual item; says 暂定 and what is unassessed in the title', async () => {
    const card: ScorecardData = {
      ...CARD,
      provisional: true,
      complete: false,
      asOf: new Date('2026-12-01T02:30:00Z'),
      sections: [
        {
          ...CARD.sections[0],
          items: [
            item({ code: '3', maxPoints: 2, derived: false, assessed: false }),
            item({ code: '2', maxPoints: 2 }),
          ],
        },
      ],
    };
    const ws = (await open(card)).getWorksheet('评分表')!;
    expect(ws.getCell('A1').value).toContain('暂定，截至 2026-12-01 10:30');
    expect(ws.getCell('A1').value).toContain('1 项未评');
    expect(values(ws, 3, 11).slice(5)).toEqual([null, null, 0, null, null, '未评']);
    expect(values(ws, 4, 11).slice(10)).toEqual(['系统计分']);
    expect(ws.getCell('K5').value).toBe('未评完：合计只含已评项');
  });

  it('shows the records judged and those that comply on a weighted item', async () => {
    const card: ScorecardData = {
      ...CARD,
      sections: [
        {
          ...CARD.sections[0],
          items: [item({ code: '38', maxPoints: 2.5, applicable: 4, compliant: 3 })],
        },
      ],
    };
    const ws = (await open(card)).getWorksheet('评分表')!;
    expect(values(ws, 3, 11).slice(8)).toEqual([4, 3, '系统计分']);
  });
});

describe('edge cases', () => {
  it('a clean card: no merge for a one-item section, and a deductions sheet of its header only', async () => {
    const clean: ScorecardData = {
      ...CARD,
      unitId: null,
      regionId: '33333333-3333-4333-8333-333333333333',
      subjectName: '测试区',
      maxPoints: 5,
      score: 5,
      deducted: 0,
      sections: [
        {
          code: 'S7',
          name: '加分项目',
          maxPoints: 5,
          score: 0,
          items: [item({ code: 'BONUS', no: 30, maxPoints: 5, derived: false })],
        },
      ],
    };
    const book = await open(clean, { units: new Map(), powers: new Map(), versions: new Map() });
    const ws = book.getWorksheet('评分表')!;
    expect(ws.getCell('A1').value).toContain('测试区');
    expect(values(ws, 3, 8).slice(0, 2)).toEqual(['加分项目\n5分', '加分']);
    expect(ws.model.merges).not.toContain('A3:A3');
    expect(ws.getCell('A3').isMerged).toBe(false);
    expect(values(ws, 4, 8).slice(3)).toEqual([5, null, 5, 0, 0]);
    expect(book.getWorksheet('扣分明细')!.rowCount).toBe(1);
  });

  it('fits the height of a row to its wrapped text', async () => {
    const long = '将经审核后的权力事项及相关要素全部录入行政权力库'.repeat(6);
    const card: ScorecardData = {
      ...CARD,
      sections: [
        { ...CARD.sections[0], items: [{ ...CARD.sections[0].items[1], requirement: long }] },
      ],
    };
    const ws = (await open(card)).getWorksheet('评分表')!;
    expect(ws.getRow(3).height).toBeGreaterThan(ws.getRow(2).height);
  });
});
