import type { MessageTable } from './types.ts';

/** Messages of dashboard and the ledger (docs/WORK.md). */
export const dashboardMessages: MessageTable = {
  DASHBOARD_NOT_A_UNIT: { zh: '“{name}”不是单位，请选择一个省直单位', en: '“{name}” is not a unit; choose a unit' },
  DASHBOARD_NOT_ORGAN: {
    zh: '“{name}”不是机关党委或党总支，没有下级党支部的进度矩阵',
    en: '“{name}” is not an organ committee or a general branch; it has no matrix of branches',
  },
};
