/**
 * The work's reminders, a sweep of the notifications module (notifications/sweeps.ts; docs/WORK.md
 * "Notifications"). For the open periods (pending or returned, not
 * withdrawn) of issued lists it writes, once each thanks to `dedupe_key`:
 *   - `dueSoon` to the recorders of a period due within the reminder days (`dueSoon:<periodId>`);
 *   - `overdue` to its recorders and `overdueBelow` to its reviewers once it is past due
 *     (`overdue:<periodId>`);
 *   - a `digest` per account with something to do — periods due soon or overdue that it records,
 *     periods awaiting its review — once per Beijing day (`digest:<date>`).
 *
 * One set-based statement: recorders and reviewers are found per distinct organisation (the SQL
 * fragments of work/policy.ts, as work/recipients.ts uses them), joined back to the periods,
 * and inserted with INSERT … SELECT. Nothing loops over periods in JavaScript. Each row stores its
 * kind and params (organisation, task, period label, due date, days, counts); the inbox renders
 * them in the reader's language. What was already sent
 * is skipped by ON CONFLICT on the (account, dedupe key) index — not by a NOT EXISTS on the same
 * table, which the planner may turn into a scan of the rows this statement is inserting.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { addDays } from '@qingdan/core';
import { SWEEPS, type Sweep } from '../../notifications/sweeps.ts';
import { recordGrantSql, reviewerJoins, reviewGrantSql } from '../policy.ts';
import { loadWorkSettings } from '../settings/work-settings.ts';

/** The sweep as one statement: inserts the notifications and answers how many of each kind it wrote. */
export function sweepStatement(today: string, soonUntil: string, nowIso: string) {
  return sql<{ kind: string; n: number }>`
      WITH lv AS (
        SELECT code, LAG(code) OVER (ORDER BY sort_order) AS above_code FROM responsibility_levels
      ),
      -- the periods that concern someone today: open and due soon or overdue, or awaiting review
      base AS (
        SELECT p.id, p.org_id, p.task_id, p.level_code, p.label, p.status, p.due_on,
               CASE WHEN p.status = 'submitted' THEN 'review'
                    WHEN p.due_on < ${today}::date THEN 'overdue'
                    ELSE 'dueSoon' END AS state
        FROM periods p
        JOIN responsibility_lists rl ON rl.id = p.list_id AND rl.status = 'issued'
        JOIN orgs o ON o.id = p.org_id AND o.active
        WHERE p.withdrawn_at IS NULL
          AND (p.status = 'submitted' OR (p.status IN ('pending', 'returned') AND p.due_on <= ${soonUntil}::date))
      ),
      -- recorders: policy.recordGrantSql
      org_recorders AS (
        SELECT DISTINCT o.id AS org_id, a.id AS account_id
        FROM (SELECT DISTINCT org_id FROM base WHERE state <> 'review') bo
        JOIN orgs o ON o.id = bo.org_id
        JOIN role_grants g ON g.org_id IN (o.id, o.unit_id)
          AND ${recordGrantSql({ role: sql`g.role`, orgId: sql`g.org_id` }, { id: sql`o.id`, unitId: sql`o.unit_id` })}
        JOIN people pp ON pp.id = g.person_id AND pp.active
        JOIN accounts a ON a.person_id = g.person_id AND a.active
      ),
      rec AS (
        SELECT b.id AS period_id, b.state, r.account_id
        FROM base b JOIN org_recorders r ON r.org_id = b.org_id
        WHERE b.state <> 'review'
      ),
      -- reviewer organisation: policy.reviewerJoins, once per organisation × level (and per task at
      -- the first level, where the task names the department; 0 below it, where the task is not read)
      needs_review AS (
        SELECT b.*, CASE WHEN lv.above_code IS NULL THEN b.task_id ELSE 0 END AS reviewer_task_id
        FROM base b LEFT JOIN lv ON lv.code = b.level_code
        WHERE b.state IN ('review', 'overdue')
      ),
      subject_reviewer AS (
        SELECT x.org_id, x.level_code, x.reviewer_task_id, r.id AS reviewer_id, r.path AS reviewer_path, r.in_unit, mu.path AS unit_path
        FROM (SELECT DISTINCT org_id, level_code, reviewer_task_id FROM needs_review) x
        JOIN orgs me ON me.id = x.org_id
        JOIN orgs mu ON mu.id = me.unit_id
        ${reviewerJoins({ orgId: sql`me.id`, orgPath: sql`me.path`, unitId: sql`me.unit_id`, levelCode: sql`x.level_code`, taskId: sql`x.reviewer_task_id` }, 'r')}
        WHERE r.id IS NOT NULL
      ),
      period_reviewer AS (
        SELECT n.id AS period_id, n.state, sr.reviewer_id, sr.reviewer_path, sr.in_unit, sr.unit_path
        FROM needs_review n
        JOIN subject_reviewer sr ON sr.org_id = n.org_id AND sr.level_code = n.level_code
          AND sr.reviewer_task_id = n.reviewer_task_id
      ),
      -- reviewers: policy.reviewGrantSql, over the grants on the reviewer organisation and its ancestors
      -- (materialised: worked out once, however the planner guesses the rows joined to it)
      reviewer_accounts AS MATERIALIZED (
        SELECT DISTINCT x.reviewer_id, x.in_unit, a.id AS account_id
        FROM (SELECT DISTINCT reviewer_id, reviewer_path, in_unit, unit_path FROM period_reviewer) x
        CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from x.reviewer_path), '/')::int[]) AS anc(id)
        JOIN orgs go ON go.id = anc.id AND go.active
        JOIN role_grants g ON g.org_id = go.id
          AND ${reviewGrantSql({ role: sql`g.role`, orgPath: sql`go.path` }, { path: sql`x.reviewer_path`, inUnit: sql`x.in_unit`, unitPath: sql`x.unit_path` })}
        JOIN people pp ON pp.id = g.person_id AND pp.active
        JOIN accounts a ON a.person_id = g.person_id AND a.active
      ),
      rev AS (
        SELECT DISTINCT pr.period_id, pr.state, ra.account_id
        FROM period_reviewer pr JOIN reviewer_accounts ra ON ra.reviewer_id = pr.reviewer_id AND ra.in_unit = pr.in_unit
      ),
      alert_rows AS (
        SELECT rec.account_id, rec.state AS kind, rec.period_id, rec.state || ':' || rec.period_id AS dedupe_key FROM rec
        UNION ALL
        SELECT rev.account_id, 'overdueBelow', rev.period_id, 'overdue:' || rev.period_id FROM rev WHERE rev.state = 'overdue'
      ),
      alerts AS (
        INSERT INTO notifications (account_id, kind, title, body, params, link, dedupe_key, created_at)
        SELECT x.account_id, x.kind, '', '',
               jsonb_build_object(
                 'org', o.name, 'code', t.code, 'task', t.content, 'period', p.label,
                 'due', to_char(p.due_on, 'YYYY-MM-DD'), 'days', greatest(${today}::date - p.due_on, 0),
                 'returned', p.status = 'returned'),
               '/work/periods/' || p.id, x.dedupe_key, ${nowIso}::timestamptz
        FROM alert_rows x
        JOIN periods p ON p.id = x.period_id
        JOIN orgs o ON o.id = p.org_id
        JOIN list_tasks t ON t.id = p.task_id
        ON CONFLICT (account_id, dedupe_key) DO NOTHING
        RETURNING kind
      ),
      todo AS (
        SELECT account_id,
               count(DISTINCT period_id) FILTER (WHERE state = 'dueSoon')::int AS soon,
               count(DISTINCT period_id) FILTER (WHERE state = 'overdue')::int AS late,
               0 AS review
        FROM rec GROUP BY account_id
        UNION ALL
        SELECT account_id, 0, 0, count(DISTINCT period_id)::int FROM rev WHERE state = 'review' GROUP BY account_id
      ),
      digest_rows AS (
        SELECT account_id, sum(soon)::int AS soon, sum(late)::int AS late, sum(review)::int AS review
        FROM todo GROUP BY account_id
      ),
      digests AS (
        INSERT INTO notifications (account_id, kind, title, body, params, link, dedupe_key, created_at)
        SELECT d.account_id, 'digest', '', '',
               jsonb_build_object('date', ${today}::text, 'soon', d.soon, 'late', d.late, 'review', d.review),
               '/my-tasks', 'digest:' || ${today}::text, ${nowIso}::timestamptz
        FROM digest_rows d
        WHERE d.soon + d.late + d.review > 0
        ON CONFLICT (account_id, dedupe_key) DO NOTHING
        RETURNING kind
      )
      SELECT kind, count(*)::int AS n FROM (SELECT kind FROM alerts UNION ALL SELECT kind FROM digests) k GROUP BY kind`;
}

const count = z.number().int();

export const workSweep: Sweep = {
  name: 'work',
  tables: ['assignments', 'periods', 'reports', 'reviews', 'evidence'],
  figures: { reminderDays: count, dueSoon: count, overdue: count, overdueBelow: count, digest: count },
  async run(trx, { today, now }) {
    const { reminderDays } = await loadWorkSettings(trx);
    const r = await sweepStatement(today, addDays(today, reminderDays), now.toISOString()).execute(trx);
    const n = (kind: string) => r.rows.find((x) => x.kind === kind)?.n ?? 0;
    return {
      written: r.rows.reduce((s, x) => s + x.n, 0),
      figures: { reminderDays, dueSoon: n('dueSoon'), overdue: n('overdue'), overdueBelow: n('overdueBelow'), digest: n('digest') },
    };
  },
};

/** Register the work's sweep once (many apps may be built in one process). */
export function registerWorkSweep(): void {
  if (!SWEEPS.includes(workSweep)) SWEEPS.push(workSweep);
}
