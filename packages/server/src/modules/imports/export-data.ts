/** Export of the tree and of people in exactly the import format, and the templates. */
import { sql } from 'kysely';
import { ORG_KIND_LABELS, pathInScope, type OrgKind, type Role, type ImportKind } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';
import { formatRoles, loadLevels, statusText, type Scope } from './analyse.ts';
import { writeWorkbook } from './format.ts';

type Cell = string | number;

async function orgRows(deps: Deps, scope: Scope): Promise<Cell[][]> {
  const rows = await deps.db.kysely
    .selectFrom('orgs as o')
    .leftJoin('orgs as p', 'p.id', 'o.parent_id')
    .select(['o.id', 'o.parent_id', 'o.code', 'o.name', 'o.short_name', 'o.kind', 'o.level_code', 'p.code as parent_code', 'o.sort_order', 'o.active'])
    .where(pathFilter('o.path', scope))
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
  // Depth-first, siblings by sort order: parents always come before their children.
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) {
    const key = r.parent_id !== null && ids.has(r.parent_id) ? r.parent_id : null;
    const list = children.get(key);
    if (list) list.push(r);
    else children.set(key, [r]);
  }
  const out: Cell[][] = [];
  const walk = (key: number | null) => {
    for (const r of children.get(key) ?? []) {
      out.push([r.code, r.name, r.short_name, ORG_KIND_LABELS[r.kind as OrgKind].zh, r.level_code ?? '', r.parent_code ?? '', r.sort_order, statusText(r.active)]);
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

async function peopleRows(deps: Deps, scope: Scope, accountScope: Scope): Promise<Cell[][]> {
  const k = deps.db.kysely;
  const people = await k
    .selectFrom('people as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .leftJoin('accounts as a', 'a.person_id', 'p.id')
    .select(['p.id', 'p.code', 'p.name', 'p.post', 'o.code as org_code', 'p.phone', 'p.sort_order', 'p.active', 'p.org_path', 'a.username'])
    .where(pathFilter('p.org_path', scope))
    .orderBy('p.org_path')
    .orderBy('p.sort_order')
    .orderBy('p.id')
    .execute();
  const grants = await sql<{ person_id: number; role: Role; org_code: string }>`
    SELECT g.person_id, g.role, o.code AS org_code
    FROM role_grants g JOIN people p ON p.id = g.person_id JOIN orgs o ON o.id = g.org_id
    WHERE ${pathFilter('p.org_path', scope)}`.execute(k);
  const byPerson = new Map<number, { role: Role; orgCode: string }[]>();
  for (const g of grants.rows) {
    const list = byPerson.get(g.person_id);
    const item = { role: g.role, orgCode: g.org_code };
    if (list) list.push(item);
    else byPerson.set(g.person_id, [item]);
  }
  return people.map((p) => {
    const showAccount = pathInScope(accountScope, p.org_path);
    return [
      p.code,
      p.name,
      p.post,
      p.org_code,
      p.phone,
      p.sort_order,
      statusText(p.active),
      showAccount ? (p.username ?? '') : '',
      showAccount ? formatRoles(byPerson.get(p.id) ?? []) : '',
    ];
  });
}

/** The current data in the caller's scope as an import workbook. */
export async function exportWorkbook(deps: Deps, kind: ImportKind, scope: Scope, accountScope: Scope): Promise<Buffer> {
  const levels = (await loadLevels(deps.db.kysely)).map((l) => l.code);
  const rows = kind === 'orgs' ? await orgRows(deps, scope) : await peopleRows(deps, scope, accountScope);
  return writeWorkbook(kind, rows, { levels });
}

/** An empty workbook with two example rows, under the caller's top organisation. */
export async function templateWorkbook(deps: Deps, kind: ImportKind, scope: Scope): Promise<Buffer> {
  const k = deps.db.kysely;
  const levels = (await loadLevels(k)).map((l) => l.code);
  const top =
    scope === 'all'
      ? await k.selectFrom('orgs').select(['code', 'kind']).where('parent_id', 'is', null).executeTakeFirst()
      : await k.selectFrom('orgs').select(['code', 'kind']).where('path', '=', scope[0] ?? '').executeTakeFirst();
  const topCode = top?.code ?? 'GW';
  let rows: Cell[][];
  if (kind === 'orgs') {
    rows =
      top?.kind === 'committee' || !top
        ? [
            ['U901', '示例单位（导入前请删除示例行）', '示例单位', '单位', '', topCode, 1, '正常'],
            ['U901-JG', '示例单位机关党委', '', '机关党委', 'L2', 'U901', 1, '正常'],
            ['U901-ZB1', '示例单位第一党支部', '第一支部', '党支部', 'L3', 'U901-JG', 1, '正常'],
          ]
        : [['U901-ZB1', '示例党支部（导入前请删除示例行）', '', '党支部', 'L3', topCode, 1, '正常']];
  } else {
    rows = [
      ['P90001', '张三（示例）', '书记', topCode, '13800000000', 1, '正常', '', ''],
      ['P90002', '李四（示例）', '联络员', topCode, '', 2, '正常', 'lisi', `查看人员@${topCode}`],
    ];
  }
  return writeWorkbook(kind, rows, { levels });
}
