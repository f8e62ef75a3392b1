/**
 * The drill-down (履责明细, dashboard/find-periods.ts) pages through a year's periods — a province
 * has hundreds of thousands — in the order of what needs doing first (work/timing.ts
 * urgencyOrder: open, awaiting review, done; then by due date) or by due date. These indexes give
 * those leading keys presorted, so a page is read from the index instead of sorting the year —
 * also within one status (the status filter) and among the late ones (the late filter).
 * The expression must stay the one urgencyOrder writes.
 */
export const up = `
CREATE INDEX periods_year_urgency_idx ON periods
  (year, (CASE WHEN status = 'approved' THEN 2 WHEN status = 'submitted' THEN 1 ELSE 0 END), due_on, unit_id)
  WHERE withdrawn_at IS NULL;
CREATE INDEX periods_year_due_idx ON periods (year, due_on, unit_id) WHERE withdrawn_at IS NULL;
CREATE INDEX periods_year_status_due_idx ON periods (year, status, due_on, unit_id) WHERE withdrawn_at IS NULL;
CREATE INDEX periods_year_late_idx ON periods
  (year, (CASE WHEN status = 'approved' THEN 2 WHEN status = 'submitted' THEN 1 ELSE 0 END), due_on, unit_id)
  WHERE withdrawn_at IS NULL AND late_days > 0;
`;
