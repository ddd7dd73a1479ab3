/** Chinese names of the API's enums, as the offices call them. */
export const CATEGORY: Record<string, string> = {
  LICENSING: '行政许可',
  PENALTY: '行政处罚',
  COERCION: '行政强制',
  LEVY: '行政征收',
  BENEFIT: '行政给付',
  INSPECTION: '行政检查',
  CONFIRMATION: '行政确认',
  REWARD: '行政奖励',
  ADJUDICATION: '行政裁决',
  OTHER: '其他行政权力',
};
export const STATUS: Record<string, string> = {
  ACTIVE: '运行中',
  DORMANT: '休眠',
  SUSPENDED: '暂停',
  CANCELLED: '已取消',
};
export const KIND: Record<string, string> = {
  ADD: '新增',
  MODIFY: '变更',
  CANCEL: '取消',
  SUSPEND: '暂停',
  RESUME: '恢复',
  DORMANT: '转休眠',
  ACTIVATE: '激活',
};
export const REQUEST_STATUS: Record<string, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交待审',
  APPROVED: '已批准',
  REJECTED: '已驳回',
  WITHDRAWN: '已撤回',
};
export const OBLIGATION_STATE: Record<string, string> = {
  OPEN: '待办',
  OVERDUE: '已逾期',
  MET: '已按时完成',
  MET_LATE: '逾期完成',
};
export const WARNING_LEVEL: Record<string, string> = {
  REMINDER: '提醒',
  WARNING: '预警',
  OVERDUE: '逾期',
};
export const ROLE: Record<string, string> = {
  ADMIN: '系统管理员',
  UNIT_LEGAL: '单位法制机构',
  UNIT_OPERATOR: '单位经办人',
  LEGAL_REVIEWER: '法制审核',
  ASSESSOR: '考核组',
};
export const SUBJECT_TYPE: Record<string, string> = {
  STATUTORY: '法定',
  AUTHORIZED: '授权',
  ENTRUSTED: '委托',
};
export const RISK: Record<string, string> = { HIGH: '高', MEDIUM: '中', LOW: '低' };
export const CIRCUMSTANCE: Record<string, string> = {
  NO_PENALTY: '不予处罚',
  MITIGATED: '减轻处罚',
  LIGHTER: '从轻处罚',
  HEAVIER: '从重处罚',
};
export const LEVEL: Record<string, string> = {
  LAW: '法律',
  ADMINISTRATIVE_REGULATION: '行政法规',
  LOCAL_REGULATION: '地方性法规',
  AUTONOMOUS_REGULATION: '自治条例',
  DEPARTMENTAL_RULE: '部门规章',
  LOCAL_GOVERNMENT_RULE: '地方政府规章',
  NORMATIVE_DOCUMENT: '规范性文件',
};
export const label = (map: Record<string, string>, key: string | null | undefined) =>
  key ? (map[key] ?? key) : '—';

/** Today in China Standard Time, YYYY-MM-DD. */
export function todayCst(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Calendar days from today (CST) to a date: negative when it has passed. */
export function daysUntil(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${todayCst()}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}
