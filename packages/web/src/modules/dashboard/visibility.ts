/** Which dashboard menu entries a signed-in user sees: the views their grants can actually open. */
import { ROLE_DEFINITIONS, roleHas, scopeFor, type Role } from '@qingdan/core';
import type { Me } from '../../app/auth.tsx';

type Grant = { role: Role; orgPath: string };

const reads = (g: Grant) => roleHas(g.role, 'work.read');
const depth = (g: Grant) => g.orgPath.split('/').filter(Boolean).length;
/** The grant covers a whole unit: on the unit node (or the committee root), or a unit-wide role. */
const unitWide = (g: Grant) => depth(g) <= 2 || ROLE_DEFINITIONS[g.role].reach === 'unit';

/** 全省总览: the committee's users, whose work.read reaches every unit. */
export const seesOverview = (me: Me) => scopeFor(me.grants, 'work.read') === 'all';

/** 单位进度: whoever reads a whole unit. */
export const seesUnit = (me: Me) => seesOverview(me) || me.grants.some((g) => reads(g) && unitWide(g));

/** 支部进度: organ-committee staff, and whoever reads a whole unit (not a branch secretary). */
export const seesMatrix = (me: Me) => seesUnit(me) || me.grants.some((g) => g.role === 'organStaff');

/** 履责明细: everyone but those who only record for their own branch (they have 我的任务). */
export const seesPeriods = (me: Me) => seesMatrix(me);

/**
 * 我的任务: whoever records an organisation's work — a work.record grant inside a unit (the
 * committee administrator holds work.record only so that it can grant every role).
 */
export const recordsWork = (me: Me) => me.grants.some((g) => roleHas(g.role, 'work.record') && depth(g) >= 2);
