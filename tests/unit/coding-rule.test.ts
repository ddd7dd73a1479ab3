import { BadInputError } from '../../src/errors';
import { CATEGORY_INFO, POWER_CATEGORIES } from '../../src/modules/catalog/power-content';
import {
  codeMatchesRule,
  codingRuleErrors,
  codingRuleFor,
  DEFAULT_CODING_RULE,
  nextCode,
} from '../../src/modules/flow/checks/coding-rule';

const UNIT = '320411001';

describe('the default coding rule', () => {
  it('is unit code, category letters and a four-digit sequence joined by hyphens', () => {
    expect(DEFAULT_CODING_RULE.pattern).toBe('{unit}-{letters}-{seq4}');
    expect(nextCode(DEFAULT_CODING_RULE, UNIT, 'PENALTY', 7)).toBe('320411001-CF-0007');
  });

  it.each(POWER_CATEGORIES)('makes and accepts codes of %s with its letters', (category) => {
    const code = nextCode(DEFAULT_CODING_RULE, UNIT, category, 123);
    expect(code).toBe(`${UNIT}-${CATEGORY_INFO[category].letters}-0123`);
    expect(codeMatchesRule(code, DEFAULT_CODING_RULE, UNIT, category)).toEqual({ ok: true });
  });

  it('says the category part failed when the letters are another category’s', () => {
    expect(codeMatchesRule('320411001-XK-0007', DEFAULT_CODING_RULE, UNIT, 'PENALTY')).toEqual({
      ok: false,
      part: 'category',
      expected: 'CF',
      actual: 'XK',
    });
    expect(
      codeMatchesRule('320411001-cf-0007', DEFAULT_CODING_RULE, UNIT, 'PENALTY'),
    ).toMatchObject({
      ok: false,
      part: 'category',
    });
  });

  it('says the unit part failed when the unit code is another unit’s', () => {
    expect(codeMatchesRule('320411002-CF-0007', DEFAULT_CODING_RULE, UNIT, 'PENALTY')).toEqual({
      ok: false,
      part: 'unit',
      expected: UNIT,
      actual: '320411002',
    });
  });

  it.each([
    '320411001-CF-007',
    '320411001-CF-00007',
    '320411001CF0007',
    '320411001-CF-0007 ',
    '-CF-0007',
    '',
  ])('says the format failed for %j', (code) => {
    expect(codeMatchesRule(code, DEFAULT_CODING_RULE, UNIT, 'PENALTY')).toEqual({
      ok: false,
      part: 'format',
      expected: '320411001-CF-0001',
    });
  });

  it('reads unit codes that hold hyphens', () => {
    expect(codeMatchesRule('JS-01-CF-0007', DEFAULT_CODING_RULE, 'JS-01', 'PENALTY')).toEqual({
      ok: true,
    });
  });

  it('checks only the form of the category part when the category is not known', () => {
    expect(codeMatchesRule('320411001-ZZ-0007', DEFAULT_CODING_RULE, UNIT, null)).toEqual({
      ok: true,
    });
  });
});

describe('region coding rules as templates', () => {
  it('reads {no} as the two-digit category number', () => {
    const rule = { pattern: '{unit}{no}{seq3}' };
    expect(nextCode(rule, UNIT, 'PENALTY', 5)).toBe('32041100102005');
    expect(codeMatchesRule('32041100102005', rule, UNIT, 'PENALTY')).toEqual({ ok: true });
    expect(codeMatchesRule('32041100101005', rule, UNIT, 'PENALTY')).toEqual({
      ok: false,
      part: 'category',
      expected: '02',
      actual: '01',
    });
  });

  it('keeps literal text, regular-expression characters included', () => {
    const rule = { pattern: 'QL.{letters}({unit})+{seq5}' };
    expect(nextCode(rule, UNIT, 'LICENSING', 42)).toBe('QL.XK(320411001)+00042');
    expect(codeMatchesRule('QL.XK(320411001)+00042', rule, UNIT, 'LICENSING')).toEqual({
      ok: true,
    });
    expect(codeMatchesRule('QLxXK(320411001)+00042', rule, UNIT, 'LICENSING')).toMatchObject({
      part: 'format',
    });
  });

  it('allows a rule without a unit or category part', () => {
    const rule = { pattern: 'JS-{seq5}' };
    expect(nextCode(rule, UNIT, 'OTHER', 1)).toBe('JS-00001');
    expect(codeMatchesRule('JS-00001', rule, 'anything', 'OTHER')).toEqual({ ok: true });
  });

  it('names what is wrong with a template', () => {
    expect(codingRuleErrors(DEFAULT_CODING_RULE.pattern)).toEqual([]);
    expect(codingRuleErrors('{unit}-{type}-{seq4}')[0]).toContain('「{type}」不是可用的占位符');
    expect(codingRuleErrors('{unit}-{letters}')).toEqual([expect.stringContaining('序号占位符')]);
    expect(codingRuleErrors('{seq3}{seq4}')).toEqual([expect.stringContaining('序号占位符')]);
    expect(codingRuleErrors('{unit}{unit}{seq4}')).toEqual(['编码规则中 {unit} 只能出现一次']);
  });

  it('refuses to use an invalid template, with BAD_USER_INPUT', () => {
    expect(() => codeMatchesRule('x', { pattern: '{unit}' }, UNIT, 'PENALTY')).toThrow(
      BadInputError,
    );
    expect(() => nextCode({ pattern: '{foo}{seq4}' }, UNIT, 'PENALTY', 1)).toThrow(BadInputError);
  });
});

describe('nextCode', () => {
  it('pads the sequence to the rule’s width', () => {
    expect(nextCode({ pattern: '{unit}-{letters}-{seq3}' }, UNIT, 'REWARD', 9)).toBe(
      '320411001-JL-009',
    );
    expect(nextCode(DEFAULT_CODING_RULE, UNIT, 'OTHER', 9999)).toBe('320411001-QT-9999');
  });

  it.each([0, -1, 1.5, 10000])('refuses sequence number %p for a four-digit rule', (seq) => {
    expect(() => nextCode(DEFAULT_CODING_RULE, UNIT, 'PENALTY', seq)).toThrow(BadInputError);
  });
});

describe('codingRuleFor', () => {
  const province = { id: 'p', path: '320000', codingRule: '{unit}{no}{seq5}' };
  const city = { id: 'c', path: '320000/320400', codingRule: 'CZ-{unit}-{letters}-{seq4}' };

  it('gives the default of DOMAIN.md when no region on the path sets a rule', () => {
    expect(codingRuleFor('320000/320400/320411', [])).toEqual({
      pattern: '{unit}-{letters}-{seq4}',
      definedIn: null,
    });
  });

  it('gives a county the rule its province publishes', () => {
    expect(codingRuleFor('320000/320400/320411', [province])).toEqual({
      pattern: province.codingRule,
      definedIn: province,
    });
  });

  it('prefers the nearest region that sets one, the region itself included', () => {
    expect(codingRuleFor('320000/320400/320411', [province, city]).definedIn).toBe(city);
    expect(codingRuleFor('320000/320400', [city, province]).definedIn).toBe(city);
    expect(codingRuleFor('320000', [province, city]).definedIn).toBe(province);
  });

  it('does not take the rule of a region whose code merely starts the same', () => {
    const other = { id: 'o', path: '320000/32040', codingRule: '{unit}-{seq3}' };
    expect(codingRuleFor('320000/320400/320411', [other]).definedIn).toBeNull();
  });
});
