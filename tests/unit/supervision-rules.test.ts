import {
  earliestReportDay,
  enforcementOfficerErrors,
  enforcementReportErrors,
  normativeDocumentErrors,
} from '../../src/modules/supervision/supervision-rules';

describe('normative document dates', () => {
  it('accepts the steps in order, with gaps', () => {
    expect(normativeDocumentErrors({ plannedOn: '2025-01-01', publishedOn: '2025-03-01' })).toEqual(
      [],
    );
  });

  it('names the later step and the earlier one it comes before', () => {
    expect(
      normativeDocumentErrors({
        plannedOn: '2025-01-01',
        draftedOn: '2025-02-01',
        publishedOn: '2025-03-01',
        filedOn: '2025-01-15',
      }),
    ).toEqual([{ path: 'input.filedOn', message: '备案日期不能早于起草日期（2025-02-01）' }]);
  });
});

describe('enforcement officers', () => {
  it('needs the date of the change once an officer is no longer active', () => {
    expect(enforcementOfficerErrors({ status: 'REVOKED' })).toHaveLength(1);
    expect(enforcementOfficerErrors({ status: 'ACTIVE' })).toEqual([]);
    expect(enforcementOfficerErrors({ status: 'ACTIVE', updatedOn: '2025-01-01' })).toEqual([
      { path: 'input.updatedOn', message: '填写更新日期时应同时填写变动日期' },
    ]);
  });
});

describe('enforcement reports', () => {
  it('may be submitted from the last month of their period on', () => {
    expect(earliestReportDay(2025, 'HALF_YEAR')).toBe('2025-06-01');
    expect(earliestReportDay(2025, 'ANNUAL')).toBe('2025-12-01');
    expect(
      enforcementReportErrors({ year: 2025, period: 'ANNUAL', submittedOn: '2025-12-01' }),
    ).toEqual([]);
    expect(
      enforcementReportErrors({ year: 2025, period: 'ANNUAL', submittedOn: '2025-11-30' }),
    ).toEqual([
      { path: 'input.submittedOn', message: '2025 年度报告的报送日期不能早于 2025-12-01' },
    ]);
    expect(enforcementReportErrors({ year: 2025, period: 'ANNUAL' })).toEqual([]);
  });
});
