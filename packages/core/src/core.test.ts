import { describe, expect, it } from 'vitest';
import { canBeChildOf, isWithinUnit } from './org.ts';
import { passwordProblem } from './password.ts';
import { pathInScope, roleHas, scopeFor } from './roles.ts';
import { issueReason } from './validation.ts';
import { t } from './messages/index.ts';
import { orgInputSchema } from './org.ts';

describe('password policy', () => {
  it('needs 8 characters from 3 classes', () => {
    expect(passwordProblem('Ab1!')).toBe('passwordTooShort');
    expect(passwordProblem('abcdefgh')).toBe('passwordTooWeak');
    expect(passwordProblem('abcdefg1')).toBe('passwordTooWeak');
    expect(passwordProblem('Abcdefg1')).toBeNull();
    expect(passwordProblem('abcdef1!')).toBeNull();
    expect(passwordProblem('Demo@2026')).toBeNull();
    expect(passwordProblem('A'.repeat(129) + 'a1')).toBe('passwordTooLong');
  });
});

describe('scopes', () => {
  it('a committee-root grant or a province-wide role covers everything', () => {
    expect(scopeFor([{ role: 'committeeAdmin', orgPath: '/1/' }], 'org.write')).toBe('all');
    expect(scopeFor([{ role: 'inspector', orgPath: '/1/7/' }], 'org.read')).toBe('all');
  });
  it('a unit grant covers its subtree only, and only for the role’s permissions', () => {
    const s = scopeFor([{ role: 'unitAdmin', orgPath: '/1/20/' }], 'org.write');
    expect(s).toEqual(['/1/20/']);
    expect(pathInScope(s, '/1/20/31/')).toBe(true);
    expect(pathInScope(s, '/1/21/')).toBe(false);
    // '/1/2/' must not match '/1/20/' by string prefix accident
    expect(pathInScope(['/1/2/'], '/1/20/')).toBe(false);
    expect(scopeFor([{ role: 'viewer', orgPath: '/1/20/' }], 'org.write')).toEqual([]);
  });
  it('merges overlapping grants', () => {
    expect(scopeFor([{ role: 'leader', orgPath: '/1/20/31/' }, { role: 'unitAdmin', orgPath: '/1/20/' }], 'org.read')).toEqual(['/1/20/']);
  });
  it('knows which role has which permission', () => {
    expect(roleHas('committeeAdmin', 'system.admin')).toBe(true);
    expect(roleHas('unitAdmin', 'system.admin')).toBe(false);
    expect(roleHas('branchSecretary', 'people.write')).toBe(false);
  });
});

describe('organisation kinds', () => {
  it('allows branches under organ committees and general branches but not under departments', () => {
    expect(canBeChildOf('branch', 'organCommittee')).toBe(true);
    expect(canBeChildOf('branch', 'generalBranch')).toBe(true);
    expect(canBeChildOf('branch', 'department')).toBe(false);
    expect(canBeChildOf('unit', 'committee')).toBe(true);
    expect(canBeChildOf('committee', 'unit')).toBe(false);
    expect(isWithinUnit('branch')).toBe(true);
    expect(isWithinUnit('department')).toBe(false);
  });
});

describe('messages and validation reasons', () => {
  it('renders in Chinese by default and fills parameters', () => {
    expect(t('ORG_CODE_TAKEN', 'zh-CN', { code: 'U001' })).toBe('组织编码“U001”已被使用');
    expect(t('ORG_CODE_TAKEN', 'en', { code: 'U001' })).toBe('Organisation code "U001" is already in use');
  });
  it('explains zod issues with message codes', () => {
    const r = orgInputSchema.safeParse({ name: '', code: 'a b', kind: 'branch', parentId: 1 });
    expect(r.success).toBe(false);
    const reasons = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), issueReason(i as never)]));
    expect(reasons.name).toBe('required');
    expect(reasons.code).toBe('codeFormat');
    const kind = orgInputSchema.safeParse({ name: 'x', code: 'X', kind: 'planet', parentId: 1 });
    expect(issueReason(kind.error!.issues[0] as never)).toBe('invalidValue');
  });
});

describe('type issues', () => {
  it('tells a missing field from a wrong type', () => {
    const missing = orgInputSchema.safeParse({ code: 'X', kind: 'branch', parentId: 1 });
    expect(issueReason(missing.error!.issues[0] as never)).toBe('required');
    const wrong = orgInputSchema.safeParse({ name: 5, code: 'X', kind: 'branch', parentId: 1 });
    expect(issueReason(wrong.error!.issues[0] as never)).toBe('invalidType');
  });
});

describe('due rules across years', () => {
  it('moves fixed dates by whole years and leaves the other rules alone', async () => {
    const { shiftDueRuleYears } = await import('./lists.ts');
    expect(shiftDueRuleYears({ kind: 'date', date: '2022-04-30' }, 1)).toEqual({ kind: 'date', date: '2023-04-30' });
    expect(shiftDueRuleYears({ kind: 'date', date: '2024-02-29' }, 1)).toEqual({ kind: 'date', date: '2025-02-28' });
    expect(shiftDueRuleYears({ kind: 'afterPeriodEnd', days: 10 }, 1)).toEqual({ kind: 'afterPeriodEnd', days: 10 });
    expect(shiftDueRuleYears({ kind: 'yearEnd' }, 3)).toEqual({ kind: 'yearEnd' });
  });
});
