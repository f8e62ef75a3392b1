/**
 * The demo's work (一级抓一级) on the issued 2022 list, as of the demo's business date: the list is
 * distributed to the whole province (distributeList), then every period gets a plausible state —
 * periods due before the business date mostly approved on time, some approved late, some awaiting
 * review, some returned with a reason, some still open (overdue, red); periods due within the next
 * week partly done (yellow); later ones with records in progress (green). Five units lag badly.
 *
 * Deterministic: each period's draws come from an integer hash of (organisation, task, period),
 * so the same province always gets the same numbers. Everything is set-based SQL over a temporary
 * plan table — no per-row loops — so that a first start on an empty PGlite stays quick.
 * Consistent with the rules of @qingdan/core work.ts: report_count is the number of records,
 * submitted_at is the latest submission, approved_at is set exactly on approved periods, late_days
 * is the Beijing days from the due date to a late submission (0 otherwise), and each period's
 * review history (submitted / returned / approved) matches its status.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { rolesWith } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { DEMO_BUSINESS_DATE_SETTING } from '../../clock.ts';
import { distributeList } from '../../modules/work/distribution/distribute.ts';
import { SYSTEM_ACTOR } from '../../modules/audit/record.ts';
import { writeWithin } from '../../write.ts';
import { storeFile } from '../../modules/files/store.ts';
import { APPROVAL_COMMENTS, RECORD_TEMPLATES, RETURN_REASONS, topicOf } from './texts.ts';
import { demoPdf, demoPng } from './evidence-files.ts';

type Trx = Transaction<Database>;

/**
 * The demo's business date: the end of October of the demo list's year — the third quarter's
 * reports are in (some still under review, some overdue), October's monthly work is due within
 * the week (yellow), the year's work is under way.
 */
export const DEMO_BUSINESS_DATE = '2022-10-31';
/** Units that lag badly (by code): most of their past periods are still open. */
export const LAGGING_UNIT_CODES: readonly string[] = ['U017', 'U034', 'U058', 'U072', 'U089'];
/** The demo unit whose records carry real evidence files (省教育厅). */
export const EVIDENCE_UNIT_CODE = 'U002';

export interface DemoWorkResult {
  assignments: number;
  periods: number;
  reports: number;
  reviews: number;
  evidence: number;
  /** Periods by state: approvedOnTime, approvedLate, submitted, returned, inProgress (open with records), open. */
  byState: Record<string, number>;
}


/** 32-bit integer hash of an SQL bigint expression (two multiply-xorshift rounds), as an SQL expression. */
function mix(x: string): string {
  const round = (e: string) => `(((${e}) # ((${e}) >> 16)) * 73244475) & 4294967295`;
  const y = round(round(`(${x}) & 4294967295`));
  return `((${y}) # ((${y}) >> 16))`;
}
/** Two independent 32-bit hashes of the period's seed `s`; the draws take ten bits each of them. */
const hashes = sql.raw(`${mix('s * 2 + 1')} AS h1, ${mix('s * 2 + 2')} AS h2`);
/** Uniform draws in [0, 1) (ten-bit resolution) from h1, h2. */
const U = ['(h1 & 1023)', '((h1 >> 10) & 1023)', '((h1 >> 20) & 1023)', '(h2 & 1023)', '((h2 >> 10) & 1023)'].map(
  (bits, i) => sql.raw(`${bits}::float8 / 1024.0 AS u${i + 1}`),
);

const beijingAt = (day: string, hhmm: string) => sql.raw(`((${day}) + time '${hhmm}') AT TIME ZONE 'UTC'`);

/**
 * Distribute the issued list and write the demo's progress on it. Runs inside the seed's
 * transaction; `afterDistribution` is called between the distribution and the progress (tests).
 */
export async function seedDemoWork(
  trx: Trx,
  deps: Pick<Deps, 'db' | 'clock'> & { config?: Deps['config'] | undefined },
  list: { id: number; year: number; issuedAt: Date },
  afterDistribution: () => void | Promise<void> = () => undefined,
): Promise<DemoWorkResult> {
  // A bulk load of rows built from the rows they refer to: where the database allows it (a superuser,
  // as PGlite's), foreign-key triggers are skipped for this transaction, as pg_restore
  // --disable-triggers does. Elsewhere the checks simply run.
  await sql`SAVEPOINT demo_work_bulk`.execute(trx);
  try {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT demo_work_bulk`.execute(trx);
  }
  // The joins here and in the distribution run on tables filled moments before in this
  // transaction, with no statistics yet: without nested loops the planner hashes them (minutes →
  // seconds at this size).
  await sql`SET LOCAL enable_nestloop = off`.execute(trx);
  const counts = await writeWithin(trx, { now: () => list.issuedAt }, SYSTEM_ACTOR, (w) => distributeList(w, { listId: list.id, year: list.year }));
  await afterDistribution();
  const D = sql`${DEMO_BUSINESS_DATE}::date`;

  // Topics of the tasks and the templates, as small VALUES tables.
  const tasks = await trx.selectFrom('list_tasks').select(['id', 'content']).where('list_id', '=', list.id).execute();
  const topicRows = tasks.map((t) => sql`(${t.id}::int, ${topicOf(t.content)}::text)`);
  const templateRows = (Object.keys(RECORD_TEMPLATES) as (keyof typeof RECORD_TEMPLATES)[]).flatMap((level) =>
    RECORD_TEMPLATES[level].map((text, i) => sql`(${level}::text, ${i}::int, ${RECORD_TEMPLATES[level].length}::int, ${text}::text)`),
  );
  const reasonRows = RETURN_REASONS.map((r, i) => sql`(${i}::int, ${r}::text)`);
  const commentRows = APPROVAL_COMMENTS.map((r, i) => sql`(${i}::int, ${r}::text)`);
  const values = (rows: RawBuilder<unknown>[]) => sql.join(rows);

  await sql`DROP TABLE IF EXISTS demo_plan`.execute(trx);
  await sql`
    CREATE TEMP TABLE demo_plan ON COMMIT DROP AS
    -- MATERIALIZED: each step is computed once per period (inlined, the draws would be repeated in every expression using them).
    WITH b AS (
      SELECT p.unit_id, p.id, p.org_id, p.level_code, p.task_id, p.label, p.starts_on, p.ends_on, p.due_on,
             (p.org_id::bigint * 1000003 + p.task_id::bigint * 1009 + p.seq::bigint * 17) AS s,
             u.code IN (${sql.join([...LAGGING_UNIT_CODES])}) AS lag
      FROM periods p JOIN orgs u ON u.id = p.unit_id
      WHERE p.list_id = ${list.id} AND p.withdrawn_at IS NULL
    ), r AS MATERIALIZED (
      SELECT b.*, ${hashes} FROM b
    ), ru AS (
      SELECT r.*, ${sql.join(U)} FROM r
    ), k AS (
      SELECT ru.*,
        CASE
          WHEN starts_on > ${D} THEN 'none'
          WHEN due_on < ${D} AND lag THEN
            CASE WHEN u1 < 0.12 THEN 'ontime' WHEN u1 < 0.20 THEN 'late' WHEN u1 < 0.25 THEN 'submitted' WHEN u1 < 0.30 THEN 'returned' ELSE 'none' END
          WHEN due_on < ${D} - 21 THEN
            CASE WHEN u1 < 0.72 THEN 'ontime' WHEN u1 < 0.82 THEN 'late' WHEN u1 < 0.87 THEN 'submitted' WHEN u1 < 0.92 THEN 'returned' ELSE 'none' END
          WHEN due_on < ${D} THEN
            CASE WHEN u1 < 0.45 THEN 'ontime' WHEN u1 < 0.52 THEN 'late' WHEN u1 < 0.74 THEN 'submitted' WHEN u1 < 0.80 THEN 'returned' ELSE 'none' END
          WHEN lag THEN CASE WHEN u1 < 0.10 THEN 'draft' ELSE 'none' END
          WHEN due_on <= ${D} + 7 THEN
            CASE WHEN u1 < 0.15 THEN 'ontime' WHEN u1 < 0.40 THEN 'submitted' WHEN u1 < 0.55 THEN 'draft' ELSE 'none' END
          ELSE CASE WHEN u1 < 0.06 THEN 'ontime' WHEN u1 < 0.10 THEN 'submitted' WHEN u1 < 0.40 THEN 'draft' ELSE 'none' END
        END AS kind0
      FROM ru
    ), c AS MATERIALIZED (
      -- A late submission needs a day between the due date and the business date.
      SELECT k.*, CASE WHEN kind0 = 'late' AND due_on > ${D} - 2 THEN 'ontime' ELSE kind0 END AS kind FROM k
    ), d AS (
      SELECT c.*,
        CASE kind
          WHEN 'late' THEN due_on + 1 + floor(u3 * least(25, ${D} - 2 - due_on))::int
          WHEN 'submitted' THEN greatest(starts_on, ${D} - 1 - floor(u3 * 10)::int)
          WHEN 'ontime' THEN greatest(starts_on, least(due_on, ${D} - 1) - floor(u3 * CASE WHEN due_on > ${D} + 7 THEN 60 ELSE 8 END)::int)
          WHEN 'returned' THEN greatest(starts_on, least(due_on, ${D} - 1) - floor(u3 * 8)::int)
        END AS sub
      FROM c
    ), e AS MATERIALIZED (
      SELECT d.*,
        (kind = 'ontime' AND u2 < 0.08 AND sub - 4 >= starts_on) AS resub,
        (kind IN ('ontime', 'late', 'submitted', 'returned') AND u5 < 0.1) AS extra,
        least(sub + 1 + floor(u4 * 4)::int, ${D} - 1) AS decided_on
      FROM d
    )
    SELECT e.unit_id, e.id, e.org_id, e.level_code, e.task_id, e.label, e.starts_on, e.ends_on, e.due_on, e.s, e.u2, e.u3, e.u4, e.u5, e.kind, e.resub,
      CASE kind WHEN 'ontime' THEN 'approved' WHEN 'late' THEN 'approved' WHEN 'submitted' THEN 'submitted' WHEN 'returned' THEN 'returned' ELSE 'pending' END AS status,
      CASE kind WHEN 'none' THEN 0 WHEN 'draft' THEN 1 ELSE 1 + resub::int + extra::int END AS report_count,
      CASE WHEN resub THEN sub - 4 END AS first_sub,
      sub,
      CASE WHEN sub IS NOT NULL THEN greatest(0, sub - due_on) ELSE 0 END AS late_days,
      CASE WHEN resub THEN ${beijingAt('sub - 4', '02:00')} + floor(u4 * 300)::int * interval '1 minute' END AS first_sub_at,
      CASE WHEN resub THEN ${beijingAt('sub - 3', '07:30')} END AS first_ret_at,
      CASE WHEN sub IS NOT NULL THEN ${beijingAt('sub', '02:00')} + floor(u4 * 300)::int * interval '1 minute' END AS submitted_at,
      CASE WHEN kind IN ('ontime', 'late', 'returned') THEN ${beijingAt('decided_on', '07:30')} + floor(u5 * 90)::int * interval '1 minute' END AS decided_at
    FROM e`.execute(trx);

  // Who writes and who reviews: per organisation, a person of it — the holder of a demo account
  // that may record (or review) when there is one, else the first person (the secretary).
  const personTable = async (name: string, roles: readonly string[]) => {
    await sql`DROP TABLE IF EXISTS ${sql.table(name)}`.execute(trx);
    await sql`
      CREATE TEMP TABLE ${sql.table(name)} ON COMMIT DROP AS
      SELECT DISTINCT ON (p.org_id) p.org_id, a.id AS account_id, p.name
      FROM people p
      LEFT JOIN accounts a ON a.person_id = p.id AND a.active
        AND EXISTS (SELECT 1 FROM role_grants g WHERE g.person_id = p.id AND g.role IN (${sql.join([...roles])}))
      WHERE p.active
      ORDER BY p.org_id, (a.id IS NULL), p.sort_order, p.id`.execute(trx);
  };
  await personTable('demo_authors', rolesWith('work.record'));
  await personTable('demo_reviewers', rolesWith('work.review'));
  // The reviewing organisation (modules/work/policy.ts reviewerOrgOf, as one query): the holder of
  // the level above inside the unit (an ancestor first), or for the first level the task's department.
  await sql`DROP TABLE IF EXISTS demo_reviewer_org`.execute(trx);
  await sql`
    CREATE TEMP TABLE demo_reviewer_org ON COMMIT DROP AS
    SELECT DISTINCT ON (o.id) o.id AS org_id, a.id AS reviewer_org_id
    FROM orgs o
    JOIN responsibility_levels l ON l.code = o.level_code
    JOIN LATERAL (SELECT x.code FROM responsibility_levels x WHERE x.sort_order < l.sort_order ORDER BY x.sort_order DESC LIMIT 1) up ON true
    JOIN orgs a ON a.unit_id = o.unit_id AND a.level_code = up.code AND a.active AND a.id <> o.id
    WHERE o.id IN (SELECT DISTINCT org_id FROM demo_plan)
    ORDER BY o.id, CASE WHEN o.path LIKE a.path || '%' THEN 0 ELSE 1 END, a.depth, a.sort_order, a.id`.execute(trx);

  await sql`
    UPDATE periods p
    SET status = d.status, report_count = d.report_count, submitted_at = d.submitted_at,
        approved_at = CASE WHEN d.status = 'approved' THEN d.decided_at END, late_days = d.late_days
    FROM demo_plan d
    WHERE p.unit_id = d.unit_id AND p.id = d.id AND d.kind <> 'none'`.execute(trx);

  await sql`
    WITH topics (task_id, topic) AS (VALUES ${values(topicRows)}),
         templates (level_code, idx, n, text) AS (VALUES ${values(templateRows)}),
         rec AS (
           SELECT d.*, g.rn,
             CASE WHEN g.rn = 1
               THEN d.starts_on + floor(d.u2 * (greatest(0, least(d.ends_on, coalesce(d.first_sub, d.sub, ${D} - 1)) - d.starts_on) + 1))::int
               ELSE d.starts_on + floor(d.u5 * (greatest(0, least(d.ends_on, coalesce(d.sub, ${D} - 1)) - d.starts_on) + 1))::int
             END AS happened_on
           FROM demo_plan d CROSS JOIN LATERAL generate_series(1, d.report_count) AS g(rn)
           WHERE d.report_count > 0
         ), timed AS (
           SELECT rec.*,
             CASE
               WHEN rn = 1 AND first_sub_at IS NOT NULL THEN least(${beijingAt('happened_on', '09:00')}, first_sub_at - interval '40 minutes')
               WHEN rn = 2 AND resub THEN submitted_at - interval '40 minutes'
               WHEN submitted_at IS NOT NULL THEN least(${beijingAt('happened_on', '09:00')}, submitted_at - interval '40 minutes' * rn)
               ELSE ${beijingAt('happened_on', '09:00')}
             END AS created_at
           FROM rec
         )
    INSERT INTO reports (unit_id, period_id, org_id, happened_on, content, author_id, author_name, version, created_at, updated_at)
    SELECT t.unit_id, t.id, t.org_id, t.happened_on,
      replace(replace(replace(tp.text, '{when}', CASE WHEN t.label = '全年' THEN '' ELSE t.label || '，' END), '{topic}', tt.topic), '{n}', (8 + floor(t.u3 * 30))::int::text),
      a.account_id, coalesce(a.name, ''), 1, t.created_at, t.created_at
    FROM timed t
    JOIN topics tt ON tt.task_id = t.task_id
    JOIN templates tp ON tp.level_code = t.level_code AND tp.idx = (floor(t.u4 * 997)::int + t.rn) % tp.n
    LEFT JOIN demo_authors a ON a.org_id = t.org_id
    ORDER BY t.unit_id, t.id, t.rn`.execute(trx);

  await sql`
    WITH reasons (idx, text) AS (VALUES ${values(reasonRows)}),
         comments (idx, text) AS (VALUES ${values(commentRows)}),
         who AS (
           SELECT d.*, au.account_id AS author_id, coalesce(au.name, '') AS author_name,
                  ro.id AS rev_org_id, rv.account_id AS reviewer_id, coalesce(rv.name, '') AS reviewer_name
           FROM demo_plan d
           LEFT JOIN demo_authors au ON au.org_id = d.org_id
           LEFT JOIN demo_reviewer_org ro0 ON ro0.org_id = d.org_id AND d.level_code <> 'L1'
           LEFT JOIN list_tasks t ON t.id = d.task_id
           LEFT JOIN responsibility_lists l ON l.id = t.list_id
           LEFT JOIN orgs ro ON ro.id = CASE WHEN d.level_code = 'L1' THEN coalesce(t.reviewer_org_id, l.owner_org_id) ELSE ro0.reviewer_org_id END
           LEFT JOIN demo_reviewers rv ON rv.org_id = ro.id
           WHERE d.sub IS NOT NULL
         ), events AS (
           SELECT unit_id, id, 'submitted' AS action, '' AS reason, author_id AS actor_id, author_name AS actor_name, org_id AS actor_org_id, first_sub_at AS at FROM who WHERE resub
           UNION ALL
           SELECT w.unit_id, w.id, 'returned', r.text, reviewer_id, reviewer_name, rev_org_id, first_ret_at FROM who w JOIN reasons r ON r.idx = floor(w.u3 * 1000)::int % ${RETURN_REASONS.length} WHERE resub
           UNION ALL
           SELECT unit_id, id, 'submitted', '', author_id, author_name, org_id, submitted_at FROM who
           UNION ALL
           SELECT w.unit_id, w.id, 'approved', c.text, reviewer_id, reviewer_name, rev_org_id, decided_at FROM who w JOIN comments c ON c.idx = floor(w.u5 * 1000)::int % ${APPROVAL_COMMENTS.length} WHERE kind IN ('ontime', 'late')
           UNION ALL
           SELECT w.unit_id, w.id, 'returned', r.text, reviewer_id, reviewer_name, rev_org_id, decided_at FROM who w JOIN reasons r ON r.idx = floor(w.u2 * 1000)::int % ${RETURN_REASONS.length} WHERE kind = 'returned'
         )
    INSERT INTO reviews (unit_id, period_id, action, reason, actor_id, actor_name, actor_org_id, at)
    SELECT unit_id, id, action, reason, actor_id, actor_name, actor_org_id, at FROM events ORDER BY unit_id, id, at`.execute(trx);

  const totals = await sql<{ reports: number; reviews: number }>`
    SELECT (SELECT count(*) FROM reports r JOIN periods p ON p.unit_id = r.unit_id AND p.id = r.period_id WHERE p.list_id = ${list.id})::int AS reports,
           (SELECT count(*) FROM reviews v JOIN periods p ON p.unit_id = v.unit_id AND p.id = v.period_id WHERE p.list_id = ${list.id})::int AS reviews`.execute(trx);
  const total = totals.rows[0] ?? { reports: 0, reviews: 0 };
  const evidence = deps.config ? await seedEvidenceFiles(trx, { db: deps.db, clock: deps.clock, config: deps.config }) : 0;

  const states = await sql<{ state: string; n: number }>`
    SELECT CASE kind WHEN 'ontime' THEN 'approvedOnTime' WHEN 'late' THEN 'approvedLate' WHEN 'submitted' THEN 'submitted'
                     WHEN 'returned' THEN 'returned' WHEN 'draft' THEN 'inProgress' ELSE 'open' END AS state, count(*)::int AS n
    FROM demo_plan GROUP BY 1 ORDER BY 1`.execute(trx);
  await sql`DROP TABLE demo_plan, demo_authors, demo_reviewers, demo_reviewer_org`.execute(trx);
  await sql`SET LOCAL enable_nestloop = DEFAULT`.execute(trx);
  await sql`SET LOCAL session_replication_role = DEFAULT`.execute(trx).catch(() => undefined);
  // Statistics for the views and the reminder sweep (PGlite has no autovacuum to gather them).
  await sql`ANALYZE periods, reports, reviews, evidence, assignments`.execute(trx);
  await trx
    .insertInto('settings')
    .values({ key: DEMO_BUSINESS_DATE_SETTING, value: JSON.stringify(DEMO_BUSINESS_DATE) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(DEMO_BUSINESS_DATE) }))
    .execute();
  return {
    assignments: counts.assignments,
    periods: counts.periods,
    reports: total.reports,
    reviews: total.reviews,
    evidence,
    byState: Object.fromEntries(states.rows.map((r) => [r.state, r.n])),
  };
}

/**
 * Real files on a few of 省教育厅's records — the first branch's, the organ committee's and the
 * party group's earliest approved ones — so that previews and downloads work in the demo.
 */
async function seedEvidenceFiles(trx: Trx, deps: Deps): Promise<number> {
  const picks = await sql<{ unit_id: number; id: number; author_id: number | null; created_at: Date; kind: string; label: string; happened_on: string }>`
    WITH ranked AS (
      SELECT r.unit_id, r.id, r.author_id, r.created_at, o.kind, p.label, r.happened_on::text AS happened_on,
             row_number() OVER (PARTITION BY o.id ORDER BY p.due_on, p.task_id, r.id) AS rn
      FROM reports r
      JOIN periods p ON p.unit_id = r.unit_id AND p.id = r.period_id
      JOIN orgs o ON o.id = r.org_id
      JOIN orgs u ON u.id = r.unit_id
      WHERE u.code = ${EVIDENCE_UNIT_CODE} AND p.status = 'approved'
        AND o.id IN (SELECT min(x.id) FROM orgs x WHERE x.unit_id = u.id AND x.kind IN ('partyGroup', 'organCommittee', 'branch') GROUP BY x.kind)
    )
    SELECT * FROM ranked WHERE rn <= CASE WHEN kind = 'branch' THEN 4 ELSE 2 END ORDER BY id`.execute(trx);
  let n = 0;
  for (const [i, r] of picks.rows.entries()) {
    const isPng = i % 2 === 1;
    const buffer = isPng
      ? demoPng(160, 100, i)
      : demoPdf(['Qingdan demo evidence', `Meeting minutes, ${r.happened_on}`, 'Attendance sheet and notes attached.']);
    const name = isPng ? `${r.label}活动照片.png` : `${r.label}会议记录.pdf`;
    const stored = await storeFile(deps, { buffer, originalName: name, accountId: r.author_id }, { allowed: ['pdf', 'png'], trx });
    await trx.updateTable('files').set({ created_at: r.created_at }).where('id', '=', stored.id).execute();
    await trx
      .insertInto('evidence')
      .values({ unit_id: r.unit_id, report_id: r.id, file_id: stored.id, name: stored.originalName, mime: stored.mime, size: stored.size, created_by: r.author_id, created_at: r.created_at })
      .execute();
    n++;
  }
  return n;
}
