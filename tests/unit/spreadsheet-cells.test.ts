import fc from 'fast-check';

import {
  closestTitles,
  normalizeTitle,
  parseAmount,
  parseBases,
  parseCategory,
  parseChineseNumber,
  parseDate,
  parseStatus,
  parseSubjectType,
  parseWorkingDays,
  parseYesNo,
  splitNames,
} from '../../src/modules/spreadsheet/cells';

const value = <T>(p: { ok: true; value: T | null } | { ok: false; message: string }) => {
  if (!p.ok) throw new Error(`expected a value, got: ${p.message}`);
  return p.value;
};
const message = (p: { ok: boolean; message?: string }) => {
  if (p.ok) throw new Error('expected an error');
  return p.message!;
};

describe('事项类别', () => {
  it.each([
    ['行政许可', 'LICENSING'],
    ['许可', 'LICENSING'],
    ['行政处罚', 'PENALTY'],
    ['处罚', 'PENALTY'],
    [' 行政强制 ', 'COERCION'],
    ['行政征收', 'LEVY'],
    ['给付', 'BENEFIT'],
    ['行政检查', 'INSPECTION'],
    ['确认', 'CONFIRMATION'],
    ['行政奖励', 'REWARD'],
    ['裁决', 'ADJUDICATION'],
    ['其他行政权力', 'OTHER'],
    ['其他权力', 'OTHER'],
    ['其他', 'OTHER'],
  ])('reads %s as %s', (text, category) => {
    expect(value(parseCategory(text))).toBe(category);
  });

  it('reads a blank cell as no category', () => {
    expect(value(parseCategory('  '))).toBeNull();
  });

  it('refuses a category it does not know, naming the ten', () => {
    expect(message(parseCategory('行政备案'))).toMatch(
      /「行政备案」无法识别.*行政许可.*其他行政权力/,
    );
  });
});

describe('时限 in working days', () => {
  it.each([
    ['20', 20],
    ['20个工作日', 20],
    ['20工作日', 20],
    ['20日', 20],
    ['２０个工作日', 20],
    [' 15 个工作日 ', 15],
    ['二十个工作日', 20],
    ['十日', 10],
    ['0', 0],
  ])('reads %s as %i working days', (text, days) => {
    expect(value(parseWorkingDays(text, '法定时限'))).toBe(days);
  });

  it('reads a number cell as working days', () => {
    expect(value(parseWorkingDays(45, '承诺时限'))).toBe(45);
  });

  it('reads a blank cell as no limit', () => {
    expect(value(parseWorkingDays('', '承诺时限'))).toBeNull();
  });

  it.each(['三十天', '30天', '30个自然日'])('refuses %s, a limit in natural days', (text) => {
    expect(message(parseWorkingDays(text, '法定时限'))).toMatch(/法定时限.*按自然日计/);
  });

  it.each(['即办', '20个月', '约20日', '2.5', '-3'])('refuses %s, not a number of days', (text) => {
    expect(message(parseWorkingDays(text, '承诺时限'))).toMatch(/承诺时限.*不是工作日数/);
  });

  it('refuses a fractional or negative number cell', () => {
    expect(parseWorkingDays(2.5, '法定时限').ok).toBe(false);
    expect(parseWorkingDays(-1, '法定时限').ok).toBe(false);
  });

  it('reads every whole number of days written in digits with any of the suffixes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }),
        fc.constantFrom('', '个工作日', '工作日', '日'),
        (n, suffix) => value(parseWorkingDays(`${n}${suffix}`, '法定时限')) === n,
      ),
    );
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['三十五', 35],
    ['一百', 100],
    ['一百零五', 105],
    ['两千零二十', 2020],
  ])('reads %s as %i', (text, n) => {
    expect(parseChineseNumber(text)).toBe(n);
  });

  it.each(['二三', '百', '十百', '', '二十a'])('refuses %s', (text) => {
    expect(parseChineseNumber(text)).toBeNull();
  });
});

describe('主体性质, 运行状态, 重点事项', () => {
  it.each([
    ['法定', 'STATUTORY'],
    ['法定机关', 'STATUTORY'],
    ['授权', 'AUTHORIZED'],
    ['法律法规授权组织', 'AUTHORIZED'],
    ['行政机关', null],
    ['委托', 'ENTRUSTED'],
    ['受委托组织', 'ENTRUSTED'],
  ])('reads 主体性质 %s', (text, type) => {
    const p = parseSubjectType(text);
    if (type === null) expect(p.ok).toBe(false);
    else expect(value(p)).toBe(type);
  });

  it.each([
    ['在用', 'ACTIVE'],
    ['休眠', 'DORMANT'],
    ['挂起', 'SUSPENDED'],
  ])('reads 运行状态 %s', (text, status) => {
    expect(value(parseStatus(text))).toBe(status);
  });

  it('refuses a status outside 在用、休眠、挂起', () => {
    expect(message(parseStatus('取消'))).toMatch(/运行状态「取消」/);
  });

  it('reads 是 and 否', () => {
    expect(value(parseYesNo('是'))).toBe(true);
    expect(value(parseYesNo('否'))).toBe(false);
    expect(value(parseYesNo(''))).toBeNull();
    expect(parseYesNo('也许').ok).toBe(false);
  });
});

describe('实施依据', () => {
  it('reads two documents with their articles', () => {
    expect(
      value(parseBases('《中华人民共和国行政处罚法》第三十三条、第三十四条；《B》第二十条')),
    ).toEqual([
      { title: '中华人民共和国行政处罚法', articles: '第三十三条、第三十四条' },
      { title: 'B', articles: '第二十条' },
    ]);
  });

  it('reads documents on separate lines and documents that follow one another', () => {
    expect(value(parseBases('《A》第一条\n《B》第二条、《C》'))).toEqual([
      { title: 'A', articles: '第一条' },
      { title: 'B', articles: '第二条' },
      { title: 'C', articles: '' },
    ]);
  });

  it('reads a document written without 《》', () => {
    expect(value(parseBases('中华人民共和国行政许可法第二十条第一款'))).toEqual([
      { title: '中华人民共和国行政许可法', articles: '第二十条第一款' },
    ]);
  });

  it('keeps articles separated by ； with the document before them', () => {
    expect(value(parseBases('《A》第一条；第二条；《B》第三条'))).toEqual([
      { title: 'A', articles: '第一条；第二条' },
      { title: 'B', articles: '第三条' },
    ]);
  });

  it('refuses unpaired 《》', () => {
    expect(message(parseBases('《A第一条'))).toMatch(/不成对/);
  });

  it('reads a blank cell as no bases', () => {
    expect(value(parseBases(''))).toBeNull();
  });

  it('reads back any bases written as the export writes them', () => {
    const title = fc.stringMatching(/^[\u4e00-\u9fa5A-Za-z（）]{1,12}$/);
    const articles = fc.stringMatching(
      /^(第[一二三四五六七八九十]{1,3}条(、|第[一二三]款)?){0,3}$/,
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ title, articles }), { minLength: 1, maxLength: 5 }),
        (bs) => {
          const text = bs.map((b) => `《${b.title}》${b.articles}`).join('；\n');
          const read = value(parseBases(text))!;
          return (
            JSON.stringify(read) ===
            JSON.stringify(bs.map((b) => ({ ...b, articles: b.articles.replace(/、$/, '') })))
          );
        },
      ),
    );
  });
});

describe('document titles', () => {
  it('finds the same document with or without 《》 or 中华人民共和国', () => {
    const t = normalizeTitle('中华人民共和国行政处罚法');
    expect(normalizeTitle('《行政处罚法》')).toBe(t);
    expect(normalizeTitle(' 《中华人民共和国 行政处罚法》')).toBe(t);
  });

  it('names the closest titles of the library, best first', () => {
    const library = ['中华人民共和国行政处罚法', '中华人民共和国行政许可法', '城市绿化条例'];
    expect(closestTitles('行政处罚条例', library)).toEqual(['中华人民共和国行政处罚法']);
    expect(closestTitles('完全无关的文件', library)).toEqual([]);
  });
});

describe('other cells', () => {
  it('reads dates as governments write them', () => {
    expect(value(parseDate('2024-01-05', '日期'))).toBe('2024-01-05');
    expect(value(parseDate('2024/1/5', '日期'))).toBe('2024-01-05');
    expect(value(parseDate('2024年1月5日', '日期'))).toBe('2024-01-05');
    expect(value(parseDate(new Date(Date.UTC(2024, 0, 5)), '日期'))).toBe('2024-01-05');
    expect(parseDate('2024-02-30', '日期').ok).toBe(false);
  });

  it('reads amounts', () => {
    expect(value(parseAmount('5,000', '罚款下限'))).toBe(5000);
    expect(value(parseAmount(200, '罚款下限'))).toBe(200);
    expect(value(parseAmount('', '罚款下限'))).toBeNull();
    expect(parseAmount('-1', '罚款下限').ok).toBe(false);
  });

  it('splits names on 、 and ；', () => {
    expect(splitNames('甲局、乙局；丙局\n丁局')).toEqual(['甲局', '乙局', '丙局', '丁局']);
  });
});
