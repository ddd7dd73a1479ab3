import { chinaDate } from '../calendar/iso-date';
import type { PowerContent, PowerStatus } from '../catalog/power-content';

import type { ChangeKind } from './change-request.entity';

export { chinaDate };

/** The status a status kind moves a power to, from the statuses it may start from. */
export const STATUS_MOVES: Record<
  Exclude<ChangeKind, 'ADD' | 'MODIFY' | 'NO_CHANGE'>,
  { from: PowerStatus[]; to: PowerStatus }
> = {
  DORMANT: { from: ['ACTIVE'], to: 'DORMANT' },
  ACTIVATE: { from: ['DORMANT'], to: 'ACTIVE' },
  SUSPEND: { from: ['ACTIVE', 'DORMANT'], to: 'SUSPENDED' },
  RESUME: { from: ['SUSPENDED'], to: 'ACTIVE' },
  CANCEL: { from: ['ACTIVE', 'DORMANT', 'SUSPENDED'], to: 'CANCELLED' },
};

const STATUS_ZH: Record<PowerStatus, string> = {
  ACTIVE: '在用',
  DORMANT: '休眠',
  SUSPENDED: '挂起',
  CANCELLED: '已取消',
};
const KIND_ZH: Record<ChangeKind, string> = {
  ADD: '新增',
  MODIFY: '变更',
  CANCEL: '取消',
  DORMANT: '休眠',
  ACTIVATE: '激活',
  SUSPEND: '挂起',
  RESUME: '恢复',
  NO_CHANGE: '无需变更',
};

/**
 * Why a kind of change cannot apply to a power in this status, or null when it can. A cancelled
 * power is final: nothing applies to it.
 */
export function statusRefusal(kind: ChangeKind, status: PowerStatus): string | null {
  if (kind === 'ADD') return null;
  if (status === 'CANCELLED') return '该权力事项已取消，不能再变更';
  if (kind === 'MODIFY' || kind === 'NO_CHANGE') return null;
  const move = STATUS_MOVES[kind];
  if (move.from.includes(status)) return null;
  return `权力事项当前为「${STATUS_ZH[status]}」状态，不能申请${KIND_ZH[kind]}`;
}

/** The status after a change of this kind, or null when the kind does not change it. */
export function statusAfter(kind: ChangeKind): PowerStatus | null {
  if (kind === 'ADD') return 'ACTIVE';
  if (kind === 'MODIFY' || kind === 'NO_CHANGE') return null;
  return STATUS_MOVES[kind].to;
}

/** The content a MODIFY results in: the current content with the draft's given fields over it. */
export function mergeDraft(current: PowerContent, draft: PowerContent): PowerContent {
  const merged: PowerContent = { ...current };
  for (const [key, value] of Object.entries(draft) as [keyof PowerContent, unknown][]) {
    if (value !== null && value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

export const OBLIGATION_STATES = ['OPEN', 'MET', 'MET_LATE', 'OVERDUE', 'WITHDRAWN'] as const;
export type ObligationState = (typeof OBLIGATION_STATES)[number];

/**
 * An obligation's state as of a date: met (on time or late) once met on or before that date;
 * withdrawn once its amendment was retracted (China Standard Time date) before it was met;
 * otherwise open until its due date and overdue after it. An obligation whose due date is not
 * known yet (the calendar lacks the year) is open.
 */
export function obligationState(
  o: { dueOn: string | null; metOn: string | null; withdrawnAt?: Date | null },
  asOf: string,
): ObligationState {
  if (o.metOn && o.metOn <= asOf) return !o.dueOn || o.metOn <= o.dueOn ? 'MET' : 'MET_LATE';
  if (o.withdrawnAt && chinaDate(o.withdrawnAt) <= asOf) return 'WITHDRAWN';
  return o.dueOn && asOf > o.dueOn ? 'OVERDUE' : 'OPEN';
}
