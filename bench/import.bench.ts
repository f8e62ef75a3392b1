/**
 * Import: a workbook pair in the import format — 100 units, each with a party group, an organ
 * committee and 30 branches (3,000 branches), and 10,000 people — imported on a fresh PGlite through
 * importFromFile (preview + apply, as the CLI does). Baseline: a bare multi-row INSERT of the same
 * rows into another fresh PGlite. Target: the import within 10 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, openPglite, type Db } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { SystemClock } from '../packages/server/src/clock.ts';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit/record.ts';
import { importFromFile } from '../packages/server/src/modules/imports/import-file.ts';
import { writeWorkbook } from '../packages/server/src/modules/imports/format.ts';
import { figure, ms, report, type BenchResult } from './lib.ts';

const UNITS = 100;
const BRANCHES_PER_UNIT = 30;
const PEOPLE = 10_000;

interface OrgRow { code: string; name: string; short: string; kind: string; kindLabel: string; level: string; parent: string }
interface PersonRow { code: string; name: string; post: string; org: string; phone: string }

function plan() {
  const orgs: OrgRow[] = [{ code: 'GW', name: '省委直属机关工作委员会', short: '工委', kind: 'committee', kindLabel: '工委', level: '', parent: '' }];
  const branches: string[] = [];
  for (let u = 1; u <= UNITS; u++) {
    const uc = `U${String(u).padStart(3, '0')}`;
    const un = `省直单位${u}`;
    orgs.push({ code: uc, name: un, short: `单位${u}`, kind: 'unit', kindLabel: '单位', level: '', parent: 'GW' });
    orgs.push({ code: `${uc}-PG`, name: `中共${un}党组`, short: '党组', kind: 'partyGroup', kindLabel: '党组(党委)', level: 'L1', parent: uc });
    orgs.push({ code: `${uc}-OC`, name: `${un}机关党委`, short: '机关党委', kind: 'organCommittee', kindLabel: '机关党委', level: 'L2', parent: uc });
    for (let b = 1; b <= BRANCHES_PER_UNIT; b++) {
      const bc = `${uc}-B${String(b).padStart(2, '0')}`;
      orgs.push({ code: bc, name: `${un}第${b}党支部`, short: `第${b}支部`, kind: 'branch', kindLabel: '党支部', level: 'L3', parent: `${uc}-OC` });
      branches.push(bc);
    }
  }
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
  const posts = ['书记', '副书记', '组织委员', '宣传委员', '纪检委员', '党员'];
  const people: PersonRow[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    people.push({
      code: `P${String(i + 1).padStart(6, '0')}`,
      name: `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}`,
      post: posts[i % posts.length] as string,
      org: branches[i % branches.length] as string,
      phone: `139${String(10_000_000 + i).padStart(8, '0')}`,
    });
  }
  return { orgs, people };
}

async function freshDb(): Promise<Db> {
  const db = await createDb({ pglite: await openPglite() });
  await migrate(db);
  return db;
}

type OrgIds = Map<string, { id: number; path: string; unit: number | null; depth: number }>;

/** Ids, paths and units of the planned organisations (the baseline computes them up front). */
function orgIds(orgs: OrgRow[]): OrgIds {
  const ids: OrgIds = new Map();
  orgs.forEach((o, i) => {
    const id = i + 1;
    const parent = o.parent ? ids.get(o.parent) : undefined;
    const unit = o.kind === 'unit' ? id : o.kind === 'committee' ? null : (parent?.unit ?? null);
    ids.set(o.code, { id, path: `${parent?.path ?? '/'}${id}/`, unit, depth: parent ? parent.depth + 1 : 0 });
  });
  return ids;
}

/** The baseline: the same rows with bare multi-row INSERTs, chunked, in one transaction. */
async function bareInsert(db: Db, ids: OrgIds, orgs: OrgRow[], people: PersonRow[]) {
  const CHUNK = 2000;
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < orgs.length; i += CHUNK) {
      await trx
        .insertInto('orgs')
        .values(
          orgs.slice(i, i + CHUNK).map((o) => {
            const me = ids.get(o.code)!;
            return { id: me.id, parent_id: o.parent ? ids.get(o.parent)!.id : null, unit_id: me.unit, kind: o.kind, level_code: o.level || null, name: o.name, short_name: o.short, code: o.code, path: me.path, depth: me.depth };
          }),
        )
        .execute();
    }
    for (let i = 0; i < people.length; i += CHUNK) {
      await trx
        .insertInto('people')
        .values(
          people.slice(i, i + CHUNK).map((p) => {
            const org = ids.get(p.org)!;
            return { org_id: org.id, unit_id: org.unit, org_path: org.path, code: p.code, name: p.name, post: p.post, phone: p.phone };
          }),
        )
        .execute();
    }
  });
}

export async function run(): Promise<BenchResult> {
  const { orgs, people } = plan();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-import-'));
  const orgFile = path.join(dir, 'orgs.xlsx');
  const peopleFile = path.join(dir, 'people.xlsx');
  fs.writeFileSync(orgFile, await writeWorkbook('orgs', orgs.map((o, i) => [o.code, o.name, o.short, o.kindLabel, o.level, o.parent, i, '正常']), { levels: ['L1', 'L2', 'L3'] }));
  fs.writeFileSync(peopleFile, await writeWorkbook('people', people.map((p, i) => [p.code, p.name, p.post, p.org, p.phone, i, '正常', '', '']), { levels: [] }));
  const notes = [
    `${orgs.length} organisations (${UNITS} units, ${UNITS * BRANCHES_PER_UNIT} branches) and ${people.length} people; workbooks ${(fs.statSync(orgFile).size / 1024).toFixed(0)} KiB + ${(fs.statSync(peopleFile).size / 1024).toFixed(0)} KiB`,
    'import = read xlsx + validate + preview batch + apply (importFromFile, committee scope), PGlite in memory',
  ];

  // The import.
  const db = await freshDb();
  const deps = { db, clock: new SystemClock(), config: { ...loadConfig({}), webDist: '/nonexistent' } };
  let t = process.hrtime.bigint();
  const ro = await importFromFile(deps, SYSTEM_ACTOR, 'orgs', orgFile);
  const orgMs = ms(t);
  if (!ro.ok) throw new Error(`org import failed: ${JSON.stringify(ro.errors.slice(0, 5))}`);
  t = process.hrtime.bigint();
  const rp = await importFromFile(deps, SYSTEM_ACTOR, 'people', peopleFile);
  const peopleMs = ms(t);
  if (!rp.ok) throw new Error(`people import failed: ${JSON.stringify(rp.errors.slice(0, 5))}`);
  const counts = (await sql<{ o: number; p: number }>`SELECT (SELECT count(*) FROM orgs)::int AS o, (SELECT count(*) FROM people)::int AS p`.execute(db.kysely)).rows[0];
  if (counts?.o !== orgs.length || counts.p !== people.length) throw new Error(`imported ${JSON.stringify(counts)}`);
  await db.close();

  // The baseline, on another fresh database.
  const bdb = await freshDb();
  const ids = orgIds(orgs);
  t = process.hrtime.bigint();
  await bareInsert(bdb, ids, orgs, []);
  const bareOrgMs = ms(t);
  t = process.hrtime.bigint();
  await bareInsert(bdb, ids, [], people);
  const barePeopleMs = ms(t);
  await bdb.close();
  fs.rmSync(dir, { recursive: true, force: true });

  return report({
    bench: 'import',
    notes,
    figures: [
      figure(`import organisations (${orgs.length} rows)`, orgMs, 'ms', bareOrgMs, 'bare INSERT'),
      figure(`import people (${people.length} rows)`, peopleMs, 'ms', barePeopleMs, 'bare INSERT'),
      figure('import total', orgMs + peopleMs, 'ms', bareOrgMs + barePeopleMs, 'bare INSERT', { max: 10_000 }),
    ],
  });
}

if (import.meta.main) await run();
