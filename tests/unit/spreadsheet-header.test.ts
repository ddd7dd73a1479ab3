import fc from 'fast-check';

import { CATALOG_COLUMNS, findHeader, normalizeHeader } from '../../src/modules/spreadsheet/header';

const find = (rows: string[][]) => findHeader(rows, CATALOG_COLUMNS, 'name');

describe('the header finder', () => {
  it('finds the header under a title and notes, with the headers as written', () => {
    const rows = [
      ['某某县市场监督管理局权责清单'],
      ['（2024年版）'],
      ['填报单位：某某县市场监督管理局', '', '', '填报日期：2024-06-01'],
      [],
      [
        '序号',
        '职权编码',
        '职权名称',
        '职权类别',
        '设定依据',
        '行使主体',
        '承诺期限（工作日）',
        '追责情形',
      ],
      ['1', 'A-1', '某许可', '行政许可', '《A》第一条', '某局', '10', '…'],
    ];
    const h = find(rows)!;
    expect(h.rowIndex).toBe(4);
    expect(h.columns).toEqual({
      no: { index: 0, header: '序号' },
      code: { index: 1, header: '职权编码' },
      name: { index: 2, header: '职权名称' },
      category: { index: 3, header: '职权类别' },
      bases: { index: 4, header: '设定依据' },
      subject: { index: 5, header: '行使主体' },
      promisedTimeLimit: { index: 6, header: '承诺期限（工作日）' },
    });
  });

  it.each([
    ['事项名称', 'name'],
    ['权责事项名称', 'name'],
    ['权力名称', 'name'],
    ['权力编码', 'code'],
    ['事项编码', 'code'],
    ['权力类型', 'category'],
    ['事项类型', 'category'],
    ['法定依据', 'bases'],
    ['法律依据', 'bases'],
    ['实施依据', 'bases'],
    ['责任主体', 'subject'],
    ['委托机关', 'entrustingParty'],
    ['法定期限', 'legalTimeLimit'],
    ['状态', 'status'],
    ['编号', 'no'],
  ])('reads the synonym %s as the %s column', (header, key) => {
    const h = find([['序号', '事项编码', '事项名称', header === '序号' ? '' : header]])!;
    expect(h.columns).toHaveProperty(key);
  });

  it('reads a header split over two rows under a group heading', () => {
    const rows = [
      ['权责清单'],
      ['序号', '事项名称', '事项类别', '时限', '', '备注'],
      ['序号', '事项名称', '事项类别', '法定时限', '承诺时限', '备注'],
      ['1', '某许可', '许可', '20', '10', ''],
    ];
    const h = find(rows)!;
    expect(h.rowIndex).toBe(2);
    expect(h.columns.legalTimeLimit).toEqual({ index: 3, header: '法定时限' });
    expect(h.columns.promisedTimeLimit).toEqual({ index: 4, header: '承诺时限' });
  });

  it('does not take the first data row for a second header row', () => {
    const rows = [
      ['序号', '事项名称', '事项类别'],
      ['1', '状态', '许可'],
    ];
    expect(find(rows)!.rowIndex).toBe(0);
  });

  it('finds no header without a name column, or below the 30th row', () => {
    expect(find([['序号', '事项编码', '事项类别', '备注']])).toBeNull();
    const late = [...Array.from({ length: 30 }, () => ['说明']), ['序号', '事项名称', '事项类别']];
    expect(find(late)).toBeNull();
  });

  it('ignores whitespace, line breaks and bracketed notes in a header', () => {
    expect(normalizeHeader(' 实施依据\n(法律法规名称及条款) ')).toBe('实施依据');
    expect(normalizeHeader('法定时限（工作日）')).toBe('法定时限');
    expect(normalizeHeader('事 项 名 称')).toBe('事项名称');
  });
});

describe('the header finder, for any layout', () => {
  const synonyms = Object.entries(CATALOG_COLUMNS).filter(([key]) => key !== 'no');

  it('finds the header under any titles, with any synonyms in any order, where it is', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 29 }),
        fc
          .shuffledSubarray(synonyms, { minLength: 3 })
          .filter((cols) => cols.some(([key]) => key === 'name')),
        fc.nat(),
        (titles, columns, pick) => {
          const header = columns.map(([, names]) => names[pick % names.length]);
          const rows = [
            ...Array.from({ length: titles }, (_, i) => [`某某单位权责清单（第${i + 1}行说明）`]),
            header,
            header.map((_, i) => (i === 0 ? '1' : '某值')),
          ];
          const found = findHeader(rows, CATALOG_COLUMNS, 'name');
          return (
            found !== null &&
            found.rowIndex === titles &&
            columns.every(([key], i) => found.columns[key as 'name']?.index === i)
          );
        },
      ),
    );
  });
});
