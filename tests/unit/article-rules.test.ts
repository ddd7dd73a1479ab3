import fc from 'fast-check';
import Nzh from 'nzh';

import { basisAffected, parseArticles } from '../../src/modules/change/article-rules';

const list = (s: string) => [...(parseArticles(s) ?? [])].sort((a, b) => a - b);

describe('parseArticles', () => {
  it('reads 第十二条 and 第12条 as the same article', () => {
    expect(list('第十二条')).toEqual([12]);
    expect(list('第12条')).toEqual([12]);
    expect(list('第１２条')).toEqual([12]);
  });
  it('reads hundreds with 零 and 两', () => {
    expect(list('第一百零二条')).toEqual([102]);
    expect(list('第两百条')).toEqual([200]);
  });
  it('reads ranges written with 至, 到 or a dash', () => {
    expect(list('第十二条至第十五条')).toEqual([12, 13, 14, 15]);
    expect(list('第十二至十五条')).toEqual([12, 13, 14, 15]);
    expect(list('第12-15条')).toEqual([12, 13, 14, 15]);
  });
  it('reads lists and ignores paragraphs and items', () => {
    expect(list('第十二条、第三十条第一款第（三）项')).toEqual([12, 30]);
  });
  it('reads nothing from text that names no article', () => {
    expect(parseArticles('全文')).toBeNull();
    expect(parseArticles('')).toBeNull();
    expect(parseArticles(null)).toBeNull();
  });
  it('reads any number written in Chinese numerals as that number (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (n) => {
        const zh = Nzh.cn.encodeS(n);
        return list(`第${zh}条`).join() === String(n) && list(`第${n}条`).join() === String(n);
      }),
    );
  });
});

describe('basisAffected', () => {
  const amended = parseArticles('第十二条至第十五条');
  it('affects a basis citing an amended article, in either writing', () => {
    expect(basisAffected(amended, '第13条')).toBe(true);
    expect(basisAffected(amended, '第十五条第二款')).toBe(true);
  });
  it('does not affect a basis citing only other articles', () => {
    expect(basisAffected(amended, '第十一条、第十六条')).toBe(false);
  });
  it('affects a basis whose articles cannot be read', () => {
    expect(basisAffected(amended, '有关规定')).toBe(true);
  });
  it('affects every basis when the amendment names no articles', () => {
    expect(basisAffected(null, '第一条')).toBe(true);
  });
});
