import type { MessageTable } from './types.ts';

/** Messages of dashboard and the ledger (docs/WORK.md). */
export const dashboardMessages: MessageTable = {
  DASHBOARD_NOT_A_UNIT: { zh: '“{name}”不是单位，请选择一个省直单位', en: '“{name}” is not a unit; choose a unit' },
  DASHBOARD_NOT_ORGAN: {
    zh: '“{name}”不是单位内的党组织，没有党支部进度矩阵',
    en: '“{name}” is not an organisation of a unit; it has no matrix of branches',
  },
};
