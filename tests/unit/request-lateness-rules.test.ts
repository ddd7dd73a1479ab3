import {
  judgeRequestAt,
  requestCaseDate,
  requestStatusAt,
  type RequestHistory,
} from '../../src/modules/assessment/request-lateness-rules';

const at = (d: string, h = 12) => new Date(`${d}T${String(h).padStart(2, '0')}:00:00+08:00`);
// the end of a period that ended on 2026-06-30: the first instant of 07-01, China Standard Time
const END = at('2026-07-01', 0);

const request = (over: Partial<RequestHistory>): RequestHistory => ({
  status: 'SUBMITTED',
  dueOn: '2026-06-20',
  measure: 'COMPLETED',
  createdAt: at('2026-06-01'),
  submittedAt: at('2026-06-05'),
  decidedAt: null,
  updatedAt: at('2026-06-05'),
  ...over,
});

describe('a request as it stood at an instant', () => {
  it('reads its status at the instant from its timestamps', () => {
    const approvedLater = request({ status: 'APPROVED', decidedAt: at('2026-07-03') });
    expect(requestStatusAt(approvedLater, END)).toBe('SUBMITTED');
    expect(requestStatusAt(approvedLater, at('2026-07-04'))).toBe('APPROVED');
    expect(requestStatusAt(approvedLater, at('2026-06-03'))).toBe('DRAFT');
    expect(requestStatusAt(approvedLater, at('2026-05-30'))).toBeNull();
    const withdrawn = request({ status: 'WITHDRAWN', updatedAt: at('2026-06-25') });
    expect(requestStatusAt(withdrawn, at('2026-06-24'))).toBe('SUBMITTED');
    expect(requestStatusAt(withdrawn, END)).toBe('WITHDRAWN');
  });

  it('judges a request approved after the instant as still waiting then: late once its due date has passed', () => {
    const r = request({ status: 'APPROVED', decidedAt: at('2026-07-03') });
    expect(judgeRequestAt(r, END)).toEqual({ judged: true, late: true, doneOn: null });
    expect(judgeRequestAt(r, at('2026-07-04'))).toEqual({
      judged: true,
      late: true,
      doneOn: '2026-07-03',
    });
  });

  it('does not judge a request not yet done on its due date, nor the day before', () => {
    const due = request({ dueOn: '2026-06-30' });
    expect(judgeRequestAt(due, at('2026-06-30', 18))).toEqual({ judged: false });
    expect(judgeRequestAt(due, at('2026-06-29', 18))).toEqual({ judged: false });
    // the period's end is past the due date's last instant
    expect(judgeRequestAt(due, END)).toEqual({ judged: true, late: true, doneOn: null });
  });

  it('counts a request done on its due date as in time, and one done the day after as late', () => {
    const onDue = request({ status: 'APPROVED', decidedAt: at('2026-06-20', 23) });
    expect(judgeRequestAt(onDue, END)).toEqual({ judged: true, late: false, doneOn: '2026-06-20' });
    const dayAfter = request({ status: 'APPROVED', decidedAt: at('2026-06-21', 0) });
    expect(judgeRequestAt(dayAfter, END)).toEqual({
      judged: true,
      late: true,
      doneOn: '2026-06-21',
    });
  });

  it('measures a filing window by the filing, whatever was decided after', () => {
    const r = request({
      measure: 'FILED',
      submittedAt: at('2026-06-22'),
      status: 'REJECTED',
      decidedAt: at('2026-06-25'),
    });
    expect(judgeRequestAt(r, END)).toEqual({ judged: true, late: true, doneOn: '2026-06-22' });
    const draft = request({ measure: 'FILED', status: 'DRAFT', submittedAt: null });
    expect(judgeRequestAt(draft, END)).toEqual({ judged: true, late: true, doneOn: null });
  });

  it('leaves a request closed undone before the instant unjudged, and one closed after it late', () => {
    const rejected = request({ status: 'REJECTED', decidedAt: at('2026-06-25') });
    expect(judgeRequestAt(rejected, END)).toEqual({ judged: false });
    const withdrawnLater = request({ status: 'WITHDRAWN', updatedAt: at('2026-07-02') });
    expect(judgeRequestAt(withdrawnLater, END)).toEqual({ judged: true, late: true, doneOn: null });
    expect(judgeRequestAt(request({ dueOn: null }), END)).toEqual({ judged: false });
  });

  it('dates a request’s case by its due date, or its entry when entered after it', () => {
    expect(requestCaseDate(request({}))).toBe('2026-06-20');
    expect(requestCaseDate(request({ createdAt: at('2026-06-28', 9) }))).toBe('2026-06-28');
    expect(requestCaseDate(request({ dueOn: null }))).toBeNull();
  });
});
