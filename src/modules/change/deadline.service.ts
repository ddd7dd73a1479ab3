import type { DataSource } from 'typeorm';

import { pageArgs, toConnection } from '../../common/pagination';
import { BadInputError } from '../../errors';
import { restrictToScope } from '../access/access';
import type { Scope } from '../access/scope';
import type { CalendarService } from '../calendar/calendar.service';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';

import { ChangeRequest } from './change-request.entity';
import { chinaDate } from './change-rules';
import type { DeadlineWarningType, WarningFilter } from './change.type';
import {
  WARNING_RANK,
  daysLeft,
  requestDoneBy,
  warningLevel,
  type WarningLevel,
} from './deadline-rules';
import { Obligation } from './obligation.entity';

/**
 * The deadline warnings in a scope today (提醒 / 预警 / 逾期): one per obligation not yet met or
 * withdrawn (with the live request answering it, if any), and one per live request with a due
 * date of its own (answering no obligation). The levels come from `deadline-rules`.
 */
export class DeadlineService {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
  ) {}

  async warnings(
    scope: Scope,
    f: WarningFilter | null | undefined,
    first?: number | null,
    after?: string | null,
  ) {
    const page = pageArgs(first, after);
    const today = chinaDate(new Date());
    const now = new Date();
    const cal = await this.calendar.calendar();

    const oq = this.ds
      .getRepository(Obligation)
      .createQueryBuilder('o')
      .innerJoin(Unit, 'u', 'u.id = o.unit_id')
      .innerJoin(Region, 'r', 'r.id = u.region_id')
      .where('o.met_on IS NULL AND o.withdrawn_at IS NULL AND o.due_on IS NOT NULL');
    await restrictToScope(this.ds.manager, oq, scope, f, 'o.unit_id');
    const obligations = await oq.getMany();
    // the live request answering each obligation: a filing is done when the window measures filing
    const answering = new Map<string, ChangeRequest>();
    if (obligations.length) {
      const rows: (ChangeRequest & { answered: string })[] = await this.ds
        .getRepository(ChangeRequest)
        .createQueryBuilder('cr')
        .innerJoin('change_request_obligation', 'l', 'l.change_request_id = cr.id')
        .addSelect('l.obligation_id', 'answered')
        .where(`cr.status IN ('DRAFT', 'SUBMITTED') AND l.obligation_id = ANY(:ids)`, {
          ids: obligations.map((o) => o.id),
        })
        .orderBy('cr.created_at', 'ASC')
        .getRawAndEntities()
        .then(({ raw, entities }) =>
          entities.map((e, i) =>
            Object.assign(e, { answered: (raw[i] as { answered: string }).answered }),
          ),
        );
      for (const r of rows) if (!answering.has(r.answered)) answering.set(r.answered, r);
    }

    const cq = this.ds
      .getRepository(ChangeRequest)
      .createQueryBuilder('cr')
      .innerJoin(Unit, 'u', 'u.id = cr.unit_id')
      .innerJoin(Region, 'r', 'r.id = u.region_id')
      .where(`cr.status IN ('DRAFT', 'SUBMITTED') AND cr.due_on IS NOT NULL`)
      .andWhere('cr.obligation_id IS NULL AND cr.policy_days IS NOT NULL');
    await restrictToScope(this.ds.manager, cq, scope, f, 'cr.unit_id');
    const requests = await cq.getMany();

    const all: DeadlineWarningType[] = [];
    const add = (
      level: WarningLevel | null,
      w: Omit<DeadlineWarningType, 'level' | 'daysLeft'>,
      count: Obligation['policyCount'],
    ) => {
      if (!level || (f?.level && f.level !== level)) return;
      all.push({ ...w, level, daysLeft: daysLeft(cal, today, w.dueOn, count) ?? 0 });
    };
    for (const o of obligations) {
      const cr = answering.get(o.id) ?? null;
      const done =
        cr !== null && requestDoneBy({ ...cr, measure: o.policyMeasure, dueOn: o.dueOn }, now);
      const level = warningLevel(
        cal,
        {
          triggeredOn: o.triggeredOn,
          dueOn: o.dueOn,
          days: o.policyDays,
          count: o.policyCount,
          done,
        },
        today,
      );
      add(
        level,
        {
          unitId: o.unitId,
          powerId: o.powerId,
          obligationId: o.id,
          changeRequestId: cr?.id ?? null,
          dueOn: o.dueOn!,
        },
        o.policyCount,
      );
    }
    for (const cr of requests) {
      const done = requestDoneBy({ ...cr, measure: cr.policyMeasure }, now);
      const level = warningLevel(
        cal,
        {
          triggeredOn: cr.triggeredOn!,
          dueOn: cr.dueOn,
          days: cr.policyDays!,
          count: cr.policyCount!,
          done,
        },
        today,
      );
      add(
        level,
        {
          unitId: cr.unitId,
          powerId: cr.powerId,
          obligationId: null,
          changeRequestId: cr.id,
          dueOn: cr.dueOn!,
        },
        cr.policyCount!,
      );
    }
    // most pressing first: by level, then due date; the key is unique per warning
    const key = (w: DeadlineWarningType) =>
      `${WARNING_RANK[w.level]}|${w.dueOn}|${w.obligationId ?? w.changeRequestId}`;
    all.sort((a, b) => key(a).localeCompare(key(b)));
    let start = 0;
    if (page.after) {
      if (!/^\d\|\d{4}-\d{2}-\d{2}\|[0-9a-f-]{36}$/.test(page.after))
        throw new BadInputError('after 游标无效', [{ path: 'after', message: '游标无效' }]);
      start = all.findIndex((w) => key(w) > page.after!);
      if (start < 0) start = all.length;
    }
    return toConnection(
      all.slice(start, start + page.first + 1),
      page.first,
      key,
      async () => all.length,
    );
  }
}
