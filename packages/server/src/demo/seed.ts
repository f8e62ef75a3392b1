/**
 * The demo province: the committee, its departments, 100 units with party groups, organ committees,
 * general branches and about 3,000 branches, about 10,000 people and the demo accounts
 * (see accounts.ts). Deterministic: the same PRNG seed gives the same province every time.
 * Everything is written with multi-row INSERTs in one transaction; ids and paths are computed
 * here, then the identity sequences are moved past them. The transaction's last write marks the
 * seed complete; a seed that never got there is removed and done again by the next start
 * (progress.ts, start.ts).
 */
import { sql, type Transaction } from 'kysely';
import type { Role } from '@qingdan/core';
import type { Deps } from '../deps.ts';
import type { Database } from '../db/schema.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { SYSTEM_ACTOR } from '../modules/audit/record.ts';
import { write } from '../write.ts';
import { insertChunked, resetIdentitySequences } from '../modules/system/backup.ts';
import { DEMO_DEPARTMENTS, DEMO_UNITS, type DemoUnit } from './units.ts';
import { CENTRE_NAMES, GENERAL_BRANCH_NAMES, OFFICE_NAMES, ORDINALS } from './branch-names.ts';
import { GIVEN_CHARS, SURNAMES } from './names.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.ts';
import { seedDemoLists } from './lists/seed-lists.ts';
import { seedDemoWork, type DemoWorkResult } from './work/seed-work.ts';
import { demoSeedState, hasOrgsOrAccounts, lockDemoSeed, markDemoSeed, wipeInterruptedDemo } from './progress.ts';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.ts';

export interface SeedResult {
  units: number;
  branches: number;
  people: number;
  orgs: number;
  accounts: number;
  /** The work on the issued 2022 list as of the demo's business date (null when left out). */
  work: DemoWorkResult | null;
}

const PRNG_SEED = 20260701;

/** mulberry32: small, fast and good enough for demo data. */
export function makeRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    shuffle: <T>(xs: readonly T[]): T[] => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
}
type Rng = ReturnType<typeof makeRng>;

interface OrgPlan {
  id: number;
  parent_id: number | null;
  unit_id: number | null;
  kind: string;
  level_code: string | null;
  name: string;
  short_name: string;
  code: string;
  sort_order: number;
  path: string;
  depth: number;
}

interface PersonPlan {
  id: number;
  org_id: number;
  unit_id: number | null;
  org_path: string;
  code: string;
  name: string;
  post: string;
  phone: string;
  sort_order: number;
}

/** Branch counts: the listed ones as given, the rest drawn so the province has about 3,000. */
function branchCounts(rng: Rng, units: readonly DemoUnit[]): number[] {
  const fixed = units.reduce((s, u) => s + (u.branches ?? 0), 0);
  const free = units.filter((u) => u.branches === undefined).length;
  const raw = units.map((u) => (u.branches === undefined ? 0.3 + rng.next() * rng.next() * 2 : 0));
  const rawSum = raw.reduce((s, x) => s + x, 0) || 1;
  const target = Math.max(free * 5, 3000 - fixed);
  return units.map((u, i) => u.branches ?? Math.min(80, Math.max(5, Math.round(((raw[i] ?? 0) / rawSum) * target))));
}

function personName(rng: Rng): string {
  // Frequent surnames more often: square the uniform draw towards the front of the list.
  const r = rng.next();
  const surname = SURNAMES[Math.floor(r * r * SURNAMES.length)] as string;
  const given = rng.next() < 0.3 ? rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS);
  return surname + given;
}

/**
 * Compute the whole province in memory. Ids start after `orgBase` / `personBase`. `units`: the
 * province's units (a test may take the first few; the demo accounts need 省发展和改革委员会 and 省教育厅).
 */
export function planDemo(orgBase: number, personBase: number, units: readonly DemoUnit[] = DEMO_UNITS) {
  const rng = makeRng(PRNG_SEED);
  const orgs: OrgPlan[] = [];
  const people: PersonPlan[] = [];
  let nextOrg = orgBase;
  const perOrgSort = new Map<number, number>();

  const addOrg = (o: Omit<OrgPlan, 'id' | 'path' | 'depth' | 'sort_order'>, parent: OrgPlan | null): OrgPlan => {
    const id = ++nextOrg;
    const sort = (perOrgSort.get(parent?.id ?? 0) ?? 0) + 1;
    perOrgSort.set(parent?.id ?? 0, sort);
    const row: OrgPlan = { ...o, id, sort_order: sort, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0 };
    orgs.push(row);
    return row;
  };
  const addPerson = (org: OrgPlan, post: string, order: number): PersonPlan => {
    const id = personBase + people.length + 1;
    const p: PersonPlan = {
      id,
      org_id: org.id,
      unit_id: org.unit_id,
      org_path: org.path,
      code: `P${String(people.length + 1).padStart(6, '0')}`,
      name: personName(rng),
      post,
      phone: rng.next() < 0.85 ? `1${rng.pick(['3', '5', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}` : '',
      sort_order: order,
    };
    people.push(p);
    return p;
  };
  const committeeMembers = (org: OrgPlan, n: number) => {
    const posts = rng.shuffle(['组织委员', '宣传委员', '纪检委员']);
    for (let i = 0; i < n; i++) addPerson(org, posts[i] ?? '委员', i + 2);
  };

  const root = addOrg({ parent_id: null, unit_id: null, kind: 'committee', level_code: null, name: '省委直属机关工作委员会', short_name: '工委', code: 'GW' }, null);
  addPerson(root, '书记', 1);
  addPerson(root, '副书记', 2);
  const rootStaff = addPerson(root, '工作人员', 3);

  const departments = new Map<string, { org: OrgPlan; staff: PersonPlan }>();
  DEMO_DEPARTMENTS.forEach((d, i) => {
    const org = addOrg({ parent_id: root.id, unit_id: null, kind: 'department', level_code: null, name: d.name, short_name: d.name, code: `D${String(i + 1).padStart(2, '0')}` }, root);
    const staff = addPerson(org, '工作人员', 1);
    const more = rng.int(2, 4);
    for (let j = 0; j < more; j++) addPerson(org, '工作人员', j + 2);
    departments.set(d.key, { org, staff });
  });

  interface UnitRefs { unit: OrgPlan; unitStaff: PersonPlan; pg: OrgPlan; leader: PersonPlan; liaison: PersonPlan; oc: OrgPlan; ocMember: PersonPlan; firstBranch: OrgPlan; firstSecretary: PersonPlan }
  const unitRefs = new Map<string, UnitRefs>();
  const counts = branchCounts(rng, units);
  let branchTotal = 0;

  units.forEach((u, ui) => {
    const code = `U${String(ui + 1).padStart(3, '0')}`;
    const short = u.name.replace(/^省委?/, '').replace(/^省/, '') || u.name;
    const unitId = nextOrg + 1;
    const unit = addOrg({ parent_id: root.id, unit_id: unitId, kind: 'unit', level_code: null, name: u.name, short_name: short, code }, root);
    const unitStaff = addPerson(unit, '工作人员', 1);

    const pgName = u.pg === '党委' ? `中共${u.name}委员会` : `中共${u.name}党组`;
    const pg = addOrg({ parent_id: unit.id, unit_id: unitId, kind: 'partyGroup', level_code: 'L1', name: pgName, short_name: u.pg === '党委' ? '党委' : '党组', code: `${code}-PG` }, unit);
    addPerson(pg, '书记', 1);
    const members = rng.int(4, 6);
    let leader: PersonPlan | undefined;
    for (let i = 0; i < members; i++) {
      const p = addPerson(pg, '班子成员', i + 2);
      leader ??= p;
    }
    const liaison = addPerson(pg, '联络员', members + 2);

    const n = counts[ui] ?? 5;
    const small = n <= 8;
    const oc = small
      ? addOrg({ parent_id: unit.id, unit_id: unitId, kind: 'generalBranch', level_code: 'L2', name: `${u.name}机关党总支`, short_name: '机关党总支', code: `${code}-OC` }, unit)
      : addOrg({ parent_id: unit.id, unit_id: unitId, kind: 'organCommittee', level_code: 'L2', name: `${u.name}机关党委`, short_name: '机关党委', code: `${code}-OC` }, unit);
    addPerson(oc, '书记', 1);
    let ocMember: PersonPlan;
    if (small) {
      ocMember = addPerson(oc, '委员', 2);
      committeeMembers(oc, rng.int(1, 2));
    } else {
      addPerson(oc, '副书记', 2);
      ocMember = addPerson(oc, '委员', 3);
      const k = rng.int(2, 4);
      for (let i = 0; i < k; i++) addPerson(oc, i < 2 ? (['组织委员', '宣传委员'][i] as string) : '纪检委员', i + 4);
    }

    // Parents for the branches: the organ committee, and in larger units some general branches.
    const gbCount = n >= 60 ? 3 : n >= 30 ? 2 : 0;
    const gbs: { org: OrgPlan; take: number; style: string }[] = [];
    for (let g = 0; g < gbCount; g++) {
      const gbName = GENERAL_BRANCH_NAMES[g] as string;
      const gb = addOrg({ parent_id: oc.id, unit_id: unitId, kind: 'generalBranch', level_code: 'L2', name: gbName, short_name: gbName, code: `${code}-G${String(g + 1).padStart(2, '0')}` }, oc);
      addPerson(gb, '书记', 1);
      committeeMembers(gb, rng.int(1, 2));
      gbs.push({ org: gb, take: Math.max(3, Math.round(n * 0.12)), style: g === 0 ? 'retired' : g === 1 ? 'centre' : 'office' });
    }
    const offices = ['办公室', ...rng.shuffle(OFFICE_NAMES.filter((o) => o !== '办公室'))];
    const centres = rng.shuffle(CENTRE_NAMES);
    let officeIdx = 0;
    let centreIdx = 0;
    let retiredIdx = 0;
    const nameFor = (style: string): string => {
      if (style === 'retired') return `离退休干部第${ORDINALS[retiredIdx++ % ORDINALS.length]}党支部`;
      if (style === 'centre' && centreIdx < centres.length) return `${centres[centreIdx++]}党支部`;
      if (officeIdx < offices.length) return `${offices[officeIdx++]}党支部`;
      if (centreIdx < centres.length) return `${centres[centreIdx++]}党支部`;
      return `机关第${ORDINALS[(officeIdx++ - offices.length) % ORDINALS.length]}党支部`;
    };
    let firstBranch: OrgPlan | undefined;
    let firstSecretary: PersonPlan | undefined;
    let underGb = gbs.reduce((s, g) => s + g.take, 0);
    if (underGb > n - 1) underGb = 0;
    let ocBranches = n - underGb;
    const gbQueue = underGb === 0 ? [] : gbs.flatMap((g) => Array.from({ length: g.take }, () => g));
    for (let b = 0; b < n; b++) {
      let parent: OrgPlan = oc;
      let style = 'office';
      if (ocBranches > 0) {
        ocBranches--;
      } else {
        const g = gbQueue.shift();
        if (g) {
          parent = g.org;
          style = g.style;
        }
      }
      // Retired cadres' branches sit right under the organ committee too, in small units.
      if (parent === oc && b === n - 1 && n >= 6 && underGb === 0) style = 'retired';
      const name = nameFor(style);
      const branch = addOrg({ parent_id: parent.id, unit_id: unitId, kind: 'branch', level_code: 'L3', name, short_name: name.replace(/党支部$/, '') || name, code: `${code}-B${String(b + 1).padStart(3, '0')}` }, parent);
      const secretary = addPerson(branch, '书记', 1);
      committeeMembers(branch, rng.int(1, 3));
      firstBranch ??= branch;
      firstSecretary ??= secretary;
    }
    branchTotal += n;
    if (u.key && leader && firstBranch && firstSecretary) {
      unitRefs.set(u.key, { unit, unitStaff, pg, leader, liaison, oc, ocMember, firstBranch, firstSecretary });
    }
  });

  // Demo accounts: each on a person of the right place, each person at most one account.
  const used = new Set<number>();
  const accounts = DEMO_ACCOUNTS.map((a) => {
    let person: PersonPlan;
    let org: OrgPlan;
    const g = a.grantAt;
    if (g.at === 'root') {
      person = rootStaff;
      org = root;
    } else if (g.at === 'department') {
      const d = departments.get(g.key);
      if (!d) throw new Error(`demo account ${a.username}: no department ${g.key}`);
      person = d.staff;
      org = d.org;
    } else {
      const r = unitRefs.get(g.unit);
      if (!r) throw new Error(`demo account ${a.username}: no unit ${g.unit}`);
      if (g.at === 'unit') [person, org] = a.role === 'viewer' ? [r.unitStaff, r.unit] : [r.liaison, r.unit];
      else if (g.at === 'partyGroup') [person, org] = [r.leader, r.pg];
      else if (g.at === 'organCommittee') [person, org] = [r.ocMember, r.oc];
      else [person, org] = [r.firstSecretary, r.firstBranch];
    }
    if (used.has(person.id)) throw new Error(`demo account ${a.username}: person already has an account`);
    used.add(person.id);
    return { username: a.username, role: a.role as Role, personId: person.id, orgId: org.id };
  });

  return { orgs, people, accounts, units: units.length, branches: branchTotal };
}

async function maxId(trx: Transaction<Database>, table: 'orgs' | 'people'): Promise<number> {
  const r = await sql<{ m: number }>`SELECT coalesce(max(id), 0)::int AS m FROM ${sql.table(table)}`.execute(trx);
  return r.rows[0]?.m ?? 0;
}

/** The seed's steps, in order; `afterStep` is called after each (tests interrupt the seed there). */
export type DemoSeedStep = 'province' | 'lists' | 'distribution' | 'work';

export interface SeedOptions {
  /** false: the province and lists only, no work on the 2022 list. */
  work?: boolean;
  /** Only the first `units` units of the province (tests: a small province; at least 2, see planDemo). */
  units?: number;
  /** Called inside the seed's transaction after each step; a throw aborts the seed there (tests). */
  afterStep?: (step: DemoSeedStep) => void | Promise<void>;
}

/**
 * Fill an empty database with the demo province, its lists and the work on the issued 2022 list
 * as of the demo's business date (stored in settings, see modules/system/business-date.ts).
 * With `config`, a few records get real evidence files in its file store; `work: false` leaves
 * the work out (the province and lists only). Refuses when organisations or accounts exist, unless
 * they are what an interrupted seed left (marker 'started', progress.ts): then it removes them
 * and seeds again, with the same ids as a first seed.
 *
 * Two transactions: the first marks the seed 'started' (on an empty database only), the second
 * writes the whole demo and, as its last write, marks it 'complete'.
 */
export async function seedDemo(
  deps: Pick<Deps, 'db' | 'clock'> & { config?: Deps['config'] | undefined },
  opts: SeedOptions = {},
): Promise<SeedResult> {
  const refuse = () => new Error('数据库中已有组织或账号，不能生成演示数据。The database already has data; the demo seed needs an empty one.');
  const interrupted = await deps.db.kysely.transaction().execute(async (trx) => {
    await lockDemoSeed(trx);
    const state = await demoSeedState(trx);
    if (state === 'started') return true;
    if (state === 'complete' || (await hasOrgsOrAccounts(trx))) throw refuse();
    await markDemoSeed(trx, 'started');
    return false;
  });
  // Hashed once (every demo account shares it), while the rows are being written.
  const passwordHashing = hashPassword(DEMO_PASSWORD);
  passwordHashing.catch(() => undefined);
  const afterStep = opts.afterStep ?? (() => undefined);
  const units = opts.units === undefined ? DEMO_UNITS : DEMO_UNITS.slice(0, opts.units);
  return write(deps, SYSTEM_ACTOR, async ({ trx, now, audit }) => {
    await lockDemoSeed(trx);
    // Another start may have finished the seed meanwhile.
    if ((await demoSeedState(trx)) !== 'started') throw refuse();
    if (interrupted) await wipeInterruptedDemo(trx);
    const plan = planDemo(await maxId(trx, 'orgs'), await maxId(trx, 'people'), units);
    await insertChunked(trx, 'orgs', plan.orgs.map((o) => ({ ...o, created_at: now, updated_at: now })));
    await insertChunked(trx, 'people', plan.people.map((p) => ({ ...p, created_at: now, updated_at: now })));
    const passwordHash = await passwordHashing;
    const accountRows = await trx
      .insertInto('accounts')
      .values(plan.accounts.map((a) => ({ person_id: a.personId, username: a.username, password_hash: passwordHash, must_change_password: false, password_changed_at: now, created_at: now, updated_at: now })))
      .returning(['id', 'person_id'])
      .execute();
    await trx
      .insertInto('role_grants')
      .values(plan.accounts.map((a) => ({ person_id: a.personId, role: a.role, org_id: a.orgId, created_at: now })))
      .execute();
    await resetIdentitySequences(trx, ['orgs', 'people']);
    await afterStep('province');
    const lists = await seedDemoLists(trx, deps);
    await afterStep('lists');
    const work = opts.work === false ? null : await seedDemoWork(trx, deps, lists.issued, () => afterStep('distribution'));
    await trx
      .insertInto('settings')
      .values({ key: 'demo', value: 'true' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'true' }))
      .execute();
    const result: SeedResult = { units: plan.units, branches: plan.branches, people: plan.people.length, orgs: plan.orgs.length, accounts: accountRows.length, work };
    audit({ action: 'demo.seed', entityType: 'system', entityId: 'demo', after: result });
    await afterStep('work');
    await markDemoSeed(trx, 'complete');
    return result;
  });
}
