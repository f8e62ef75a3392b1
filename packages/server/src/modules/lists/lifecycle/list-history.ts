import { sql } from 'kysely';
import type { ListStatus } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../http/errors.ts';
import { canManageList, type PolicyUser } from '../policy.ts';
import { uncoveredItems, unansweredOpinionCount } from './checks.ts';

/** Lifecycle actions of this sub-module's routes. */
export const LIFECYCLE_ACTIONS = ['submit', 'return', 'approve', 'issue', 'openRevision', 'publishRevision'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export interface ListHistory {
  list: {
    id: number;
    status: ListStatus;
    revision: number;
    docNumber: string | null;
    issueDate: string | null;
    noticeTitle: string | null;
    coIssuer: string | null;
    issuedAt: string | null;
    openRevisionId: number | null;
  };
  /** What the caller may do now (buttons of the page); the routes check again. */
  rights: { manage: boolean; actions: LifecycleAction[] };
  /** Before submission (drafting): what still blocks it. Null in other statuses. */
  checks: { uncovered: number; unansweredOpinions: number } | null;
  transitions: {
    id: number;
    from: string;
    to: string;
    actorId: number | null;
    actorName: string;
    comment: string;
    snapshotId: number | null;
    snapshotLabel: string | null;
    at: string;
  }[];
  meetings: {
    id: number;
    meetingDate: string;
    meetingName: string;
    decision: 'approved' | 'returned';
    comments: string;
    minutesFile: { id: number; name: string; size: number; mime: string } | null;
    createdAt: string;
  }[];
  revisions: {
    id: number;
    revision: number;
    reason: string;
    notice: string;
    status: 'open' | 'published';
    beforeSnapshotId: number | null;
    afterSnapshotId: number | null;
    createdAt: string;
    publishedAt: string | null;
  }[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const day = (col: string) => sql<string>`to_char(${sql.ref(col)}, 'YYYY-MM-DD')`;

/** The life of a list: its transitions (who, when, with which snapshot), meetings and revisions. */
export async function listHistory(deps: Deps, user: PolicyUser, listId: number): Promise<ListHistory> {
  const k = deps.db.kysely;
  const l = await k
    .selectFrom('responsibility_lists')
    .select(['id', 'status', 'revision', 'owner_org_id', 'doc_number', 'notice_title', 'co_issuer', 'issued_at', day('issue_date').as('issue_date')])
    .where('id', '=', listId)
    .executeTakeFirst();
  if (!l) throw notFound();
  const transitions = await k
    .selectFrom('list_transitions as t')
    .leftJoin('list_snapshots as s', 's.id', 't.snapshot_id')
    .select(['t.id', 't.from_status', 't.to_status', 't.actor_id', 't.actor_name', 't.comment', 't.snapshot_id', 's.label', 't.at'])
    .where('t.list_id', '=', listId)
    .orderBy('t.id')
    .execute();
  const meetings = await k
    .selectFrom('approval_meetings as m')
    .leftJoin('files as f', 'f.id', 'm.minutes_file_id')
    .select(['m.id', day('m.meeting_date').as('meeting_date'), 'm.meeting_name', 'm.decision', 'm.comments', 'm.created_at', 'f.id as file_id', 'f.original_name', 'f.size', 'f.mime'])
    .where('m.list_id', '=', listId)
    .orderBy('m.id')
    .execute();
  const revisions = await k.selectFrom('list_revisions').selectAll().where('list_id', '=', listId).orderBy('revision').execute();
  const openRevisionId = revisions.find((r) => r.status === 'open')?.id ?? null;
  const manage = canManageList(user, { ownerOrgId: l.owner_org_id });
  const drafting = l.status === 'draft' || l.status === 'soliciting';
  const actions: LifecycleAction[] = [];
  if (manage) {
    if (drafting) actions.push('submit');
    if (l.status === 'inReview') actions.push('return', 'approve');
    if (l.status === 'approved') actions.push('issue');
    if (l.status === 'issued') actions.push(openRevisionId === null ? 'openRevision' : 'publishRevision');
  }
  const checks = drafting ? { uncovered: (await uncoveredItems(k, listId, 0)).count, unansweredOpinions: await unansweredOpinionCount(k, listId) } : null;
  return {
    list: {
      id: l.id,
      status: l.status,
      revision: l.revision,
      docNumber: l.doc_number,
      issueDate: l.issue_date,
      noticeTitle: l.notice_title,
      coIssuer: l.co_issuer,
      issuedAt: iso(l.issued_at),
      openRevisionId,
    },
    rights: { manage, actions },
    checks,
    transitions: transitions.map((t) => ({
      id: t.id,
      from: t.from_status,
      to: t.to_status,
      actorId: t.actor_id,
      actorName: t.actor_name,
      comment: t.comment,
      snapshotId: t.snapshot_id,
      snapshotLabel: t.label ?? null,
      at: iso(t.at) as string,
    })),
    meetings: meetings.map((m) => ({
      id: m.id,
      meetingDate: m.meeting_date,
      meetingName: m.meeting_name,
      decision: m.decision,
      comments: m.comments,
      minutesFile: m.file_id === null ? null : { id: m.file_id, name: m.original_name ?? '', size: Number(m.size), mime: m.mime ?? '' },
      createdAt: iso(m.created_at) as string,
    })),
    revisions: revisions.map((r) => ({
      id: r.id,
      revision: r.revision,
      reason: r.reason,
      notice: r.notice,
      status: r.status,
      beforeSnapshotId: r.before_snapshot_id,
      afterSnapshotId: r.after_snapshot_id,
      createdAt: iso(r.created_at) as string,
      publishedAt: iso(r.published_at),
    })),
  };
}
