import { sql } from 'kysely';
import { defaultNoticeTitle, formatDocNumber } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import { write } from '../../../write.ts';
import type { Actor } from '../../audit/record.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { onListIssued } from './hooks.ts';
import { assertTransition, lockList, transitionList, type TransitionResult } from './transition.ts';

export const DEFAULT_DOC_PREFIX = '鄂直工发';
export const DEFAULT_CO_ISSUER = '省委党建办';

export interface IssueInput {
  docPrefix?: string | undefined;
  docSeq: number;
  issueDate: string;
  noticeTitle?: string | undefined;
  coIssuer?: string | undefined;
  /** The work points issued with the list; by default the list's only work-points document. */
  attachedDocumentId?: number | null | undefined;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/**
 * 印发: the approved list is issued as an official document (e.g. 鄂直工发〔2022〕2号, issued
 * 2022-03-18, 关于印发《2022年省直机关党建工作责任清单》的通知, co-issued with 省委党建办). The
 * number's year is the issue date's; a number already used answers 409 LIST_DOC_NUMBER_TAKEN.
 * Everything — the list, the snapshot 印发稿, the transition, the audit entry and every
 * `onListIssued` hook — commits together or not at all.
 */
export async function issueList(deps: Deps, actor: Actor, user: PolicyUser, listId: number, input: IssueInput): Promise<TransitionResult & { docNumber: string }> {
  let docNumber = '';
  try {
    return await write(deps, actor, async (w) => {
      const { trx } = w;
      const list = await lockList(trx, listId);
      await assertCanManageList(trx, user, await loadPolicyList(trx, listId, false));
      assertTransition(list.status, 'issued');
      let prefix = input.docPrefix?.trim();
      if (!prefix) {
        const s = await trx.selectFrom('settings').select('value').where('key', '=', 'docPrefix').executeTakeFirst();
        const v: unknown = s?.value;
        prefix = typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_DOC_PREFIX;
      }
      const year = Number(input.issueDate.slice(0, 4));
      docNumber = formatDocNumber(prefix, year, input.docSeq);
      const taken = await trx.selectFrom('responsibility_lists').select('id').where('doc_number', '=', docNumber).where('id', '<>', listId).executeTakeFirst();
      if (taken) throw new AppError(409, 'LIST_DOC_NUMBER_TAKEN', { docNumber });
      const meeting = await trx
        .selectFrom('approval_meetings')
        .select(sql<string>`to_char(meeting_date, 'YYYY-MM-DD')`.as('meeting_date'))
        .where('list_id', '=', listId)
        .where('decision', '=', 'approved')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const meetingDate = meeting?.meeting_date ?? null;
      if (meetingDate && input.issueDate < meetingDate) throw new AppError(400, 'LIST_ISSUE_BEFORE_APPROVAL', { date: meetingDate });
      const noticeTitle = input.noticeTitle?.trim() || defaultNoticeTitle(list.title);
      const coIssuer = input.coIssuer?.trim() ?? DEFAULT_CO_ISSUER;
      const workPoints = await trx.selectFrom('source_documents').select('id').where('list_id', '=', listId).where('kind', '=', 'workPoints').orderBy('id').execute();
      let attachedDocumentId: number | null = null;
      if (input.attachedDocumentId !== undefined && input.attachedDocumentId !== null) {
        if (!workPoints.some((d) => d.id === input.attachedDocumentId)) throw new AppError(400, 'LIST_ATTACHMENT_INVALID');
        attachedDocumentId = input.attachedDocumentId;
      } else if (input.attachedDocumentId === undefined && workPoints.length === 1) {
        attachedDocumentId = workPoints[0]!.id;
      }
      await trx.updateTable('source_documents').set({ attached: sql<boolean>`id = ${attachedDocumentId ?? -1}` }).where('list_id', '=', listId).execute();
      const r = await transitionList(w, list, 'issued', {
        label: '印发稿',
        comment: `${docNumber} ${noticeTitle}`,
        set: {
          doc_prefix: prefix,
          doc_seq: input.docSeq,
          doc_number: docNumber,
          issue_date: input.issueDate,
          notice_title: noticeTitle,
          co_issuer: coIssuer,
          issued_at: w.now,
        },
        audit: { docNumber, issueDate: input.issueDate, noticeTitle, coIssuer, attachedDocumentId },
      });
      for (const hook of onListIssued) await hook(w, { listId, year: list.year, revision: list.revision });
      return { ...r, docNumber };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, 'LIST_DOC_NUMBER_TAKEN', { docNumber });
    throw e;
  }
}
