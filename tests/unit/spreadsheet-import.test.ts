import {
  placeOf,
  readCatalog,
  type Lookups,
  type Sheet,
} from '../../src/modules/spreadsheet/catalog-import';

const lookups: Lookups = {
  owner: { id: 'owner', name: '市场监督管理局' },
  document: (title) =>
    title.replace(/^中华人民共和国/, '') === '行政许可法'
      ? { id: 'doc-1' }
      : { message: `法律文件《${title}》不在法规库中` },
  unit: (name) => (name === '城市管理局' ? { id: 'unit-2' } : { message: `没有「${name}」` }),
};

const sheet = (rows: (string | number | null)[][]): Sheet => ({ name: '权责清单', rows });

describe('reading the catalog sheet', () => {
  it('reads the rows under the header, skipping blank rows and a note under the table', () => {
    const read = readCatalog(
      {
        catalog: sheet([
          ['权责清单'],
          ['序号', '事项编码', '事项名称', '事项类别', '实施依据', '实施主体', '共同实施主体'],
          [1, 'A-1', '某许可', '许可', '《行政许可法》第十二条', '市场监督管理局', '城市管理局'],
          [],
          [2, 'A-2', '某处罚', '处罚', null, '市场监督管理局', null],
          ['注：以上事项随法律修改调整。'],
        ]),
      },
      lookups,
    );
    expect(read.rows).toBe(2);
    expect(read.errors).toEqual([]);
    expect(read.entries.map((e) => e.row)).toEqual([3, 5]);
    expect(read.entries[0].draft).toEqual({
      code: 'A-1',
      name: '某许可',
      category: 'LICENSING',
      isKey: false,
      subject: {
        unitId: 'owner',
        type: 'STATUTORY',
        entrustingParty: null,
        coImplementerIds: ['unit-2'],
      },
      legalBases: [{ documentId: 'doc-1', articles: '第十二条' }],
      legalTimeLimitDays: null,
      promisedTimeLimitDays: null,
    });
  });

  it('places a validation path at the cell it was read from, or the nearest one above it', () => {
    const read = readCatalog(
      {
        catalog: sheet([
          ['事项编码', '事项名称', '职权类别', '设定依据'],
          ['A-1', '某许可', '许可', '《行政许可法》'],
        ]),
      },
      lookups,
    );
    const places = read.entries[0].places;
    expect(placeOf(places, 'draft.category')).toEqual({ row: 2, column: '职权类别' });
    expect(placeOf(places, 'draft.legalBases[0].documentId')).toEqual({
      row: 2,
      column: '设定依据',
    });
    // a column the sheet lacks is named by its usual header
    expect(placeOf(places, 'draft.subject')).toEqual({ row: 2, column: '实施主体' });
  });

  it('reports each cell that cannot be read, and a document the library lacks', () => {
    const read = readCatalog(
      {
        catalog: sheet([
          ['事项编码', '事项名称', '事项类别', '实施依据', '实施主体', '法定时限'],
          ['A-1', '某许可', '备案', '《行政许可法》第一条；《某办法》', '别的局', '30天'],
        ]),
      },
      lookups,
    );
    expect(read.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '事项类别'],
      [2, '实施主体'],
      [2, '实施依据'],
      [2, '法定时限'],
    ]);
  });
});
