import { describe, expect, it } from 'vitest';
import { ROLE_DEFINITIONS, type Role } from '@qingdan/core';
import type { Me } from '../../app/auth.tsx';
import { pct, sumProgress, type Progress } from './dashboardApi.ts';
import { linkTo, num } from './query.ts';
import { recordsWork, seesMatrix, seesOverview, seesPeriods, seesUnit } from './visibility.ts';

/** A signed-in user with the given grants (paths: committee /1/, unit /1/5/, organ committee /1/5/9/, branch /1/5/9/12/). */
function me(...grants: [Role, string][]): Me {
  return {
    accountId: 1,
    personId: 1,
    username: 'u',
    name: 'u',
    locale: 'zh-CN',
    mustChangePassword: false,
    csrfToken: '',
    grants: grants.map(([role, orgPath], i) => ({ id: i + 1, role, orgId: Number(orgPath.split('/').filter(Boolean).at(-1)), orgPath, orgName: '' })),
    permissions: [...new Set(grants.flatMap(([role]) => ROLE_DEFINITIONS[role].permissions))],
    demo: false,
  };
}

const menu = (m: Me) => ({ overview: seesOverview(m), unit: seesUnit(m), matrix: seesMatrix(m), periods: seesPeriods(m) });

describe('dashboard menu entries by what the grants reach', () => {
  it('committee users (administrator, department staff, inspector) see every view', () => {
    for (const m of [me(['committeeAdmin', '/1/']), me(['departmentStaff', '/1/2/']), me(['inspector', '/1/3/'])]) {
      expect(menu(m)).toEqual({ overview: true, unit: true, matrix: true, periods: true });
    }
  });

  it('a unit administrator and a leadership member see their unit, the matrix and the records, not the province', () => {
    expect(menu(me(['unitAdmin', '/1/5/']))).toEqual({ overview: false, unit: true, matrix: true, periods: true });
    // the leader's grant sits on the party group, but reaches the whole unit
    expect(menu(me(['leader', '/1/5/8/']))).toEqual({ overview: false, unit: true, matrix: true, periods: true });
  });

  it('organ-committee staff see the matrix and the records but not the unit or the province', () => {
    expect(menu(me(['organStaff', '/1/5/9/']))).toEqual({ overview: false, unit: false, matrix: true, periods: true });
  });

  it('a branch secretary sees none of the dashboards (my tasks is theirs)', () => {
    expect(menu(me(['branchSecretary', '/1/5/9/12/']))).toEqual({ overview: false, unit: false, matrix: false, periods: false });
  });

  it('我的任务 is for those who record work in a unit, not for the committee administrator', () => {
    expect(recordsWork(me(['branchSecretary', '/1/5/9/12/']))).toBe(true);
    expect(recordsWork(me(['unitAdmin', '/1/5/']))).toBe(true);
    expect(recordsWork(me(['committeeAdmin', '/1/']))).toBe(false);
    expect(recordsWork(me(['departmentStaff', '/1/2/']))).toBe(false);
    expect(recordsWork(me(['viewer', '/1/5/']))).toBe(false);
  });

  it('a viewer on a unit sees the unit, a viewer on the committee sees the province', () => {
    expect(menu(me(['viewer', '/1/5/'])).unit).toBe(true);
    expect(menu(me(['viewer', '/1/5/'])).overview).toBe(false);
    expect(menu(me(['viewer', '/1/'])).overview).toBe(true);
  });
});

describe('completion rates', () => {
  const p = (total: number, due: number, approvedDue: number, extra: Partial<Progress> = {}): Progress => ({
    total,
    due,
    approved: approvedDue,
    submitted: 0,
    returned: 0,
    overdue: due - approvedDue,
    late: 0,
    approvedDue,
    rate: due ? Math.round((approvedDue / due) * 10_000) / 10_000 : null,
    ...extra,
  });

  it('a rate is shown in percent with one decimal, none when nothing is due', () => {
    expect(pct(p(10, 3, 1))).toBe(33.3);
    expect(pct(p(10, 0, 0))).toBeNull();
  });

  it('sums weigh each group by its due periods, not by averaging rates', () => {
    const s = sumProgress([p(10, 4, 4), p(20, 16, 4), p(5, 0, 0)]);
    expect(s.total).toBe(35);
    expect(s.due).toBe(20);
    expect(s.overdue).toBe(12);
    expect(pct(s)).toBe(40);
    expect(s.approvedDue).toBe(8);
    expect(sumProgress([]).rate).toBeNull();
  });

  it('sums the numerator exactly: approvals of periods not yet due never count in the rate', () => {
    // 2 of 3 due approved, and 5 approved early (not yet due): 66.7 %, shown beside "其中已通过 2 项".
    const s = sumProgress([p(12, 3, 2, { approved: 7 })]);
    expect(s).toMatchObject({ due: 3, approvedDue: 2, approved: 7 });
    expect(pct(s)).toBe(66.7);
    // Three groups whose rounded rates would drift when multiplied back: the sum stays exact.
    const many = sumProgress([p(7, 7, 1), p(7, 7, 1), p(7, 7, 1)]);
    expect(many.approvedDue).toBe(3);
    expect(pct(many)).toBe(14.3);
  });
});

describe('links to the drill-down', () => {
  it('keeps the filters that are set and drops empty ones', () => {
    expect(linkTo('/dashboard/periods', { year: 2022, unitId: 5, partId: undefined, q: '', late: true, light: null })).toBe('/dashboard/periods?year=2022&unitId=5&late=true');
    expect(linkTo('/dashboard/periods', { late: false })).toBe('/dashboard/periods');
  });

  it('reads ids from search params only when they are positive integers', () => {
    expect(num('12')).toBe(12);
    expect(num(undefined)).toBeUndefined();
    expect(num('0')).toBeUndefined();
    expect(num('-3')).toBeUndefined();
    expect(num('1.5')).toBeUndefined();
    expect(num('abc')).toBeUndefined();
  });
});
