import type { Deps } from '../../../deps.ts';
import { beijingDateOf } from '../../../clock.ts';
import { AppError } from '../../../http/errors.ts';
import { write } from '../../../write.ts';
import type { Actor } from '../../audit/record.ts';
import { discardStoredFile, storedOf, storeFile, uploadCheckpoint, type StoredFile } from '../../files/store.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { badTransition, lockList, transitionList, type TransitionResult } from './transition.ts';

export const MINUTES_MAX_BYTES = 20 * 1024 * 1024;

export interface ApproveInput {
  meetingDate: string;
  meetingName: string;
  decision: 'approved' | 'returned';
  comments: string;
  minutes?: { buffer: Buffer; originalName: string } | null;
}

/**
 * 书记办公会审定: record the meeting (date, name, decision, comments, minutes as PDF or Word)
 * and move the list in review to approved, or back to drafting when the meeting returned it.
 */
export async function approveList(
  deps: Deps,
  actor: Actor,
  user: PolicyUser,
  listId: number,
  input: ApproveInput,
): Promise<TransitionResult & { meetingId: number; minutesFileId: number | null }> {
  if (input.meetingDate > beijingDateOf(deps.clock.now())) throw new AppError(400, 'LIST_MEETING_DATE_FUTURE');
  if (input.decision === 'returned' && input.comments.trim() === '') throw new AppError(400, 'LIST_COMMENTS_REQUIRED');
  let stored: StoredFile | null = null;
  try {
    return await write(deps, actor, async (w) => {
      const { trx } = w;
      const list = await lockList(trx, listId);
      await assertCanManageList(trx, user, await loadPolicyList(trx, listId, false));
      const to = input.decision === 'approved' ? 'approved' : 'draft';
      if (list.status !== 'inReview') throw badTransition(list.status, to);
      if (input.minutes) {
        stored = await storeFile(
          deps,
          { buffer: input.minutes.buffer, originalName: input.minutes.originalName, accountId: actor.accountId },
          { allowed: ['pdf', 'docx'], maxBytes: MINUTES_MAX_BYTES, trx },
        );
      }
      const minutesFileId = (stored as StoredFile | null)?.id ?? null;
      const meeting = await trx
        .insertInto('approval_meetings')
        .values({
          list_id: listId,
          meeting_date: input.meetingDate,
          meeting_name: input.meetingName,
          decision: input.decision,
          comments: input.comments,
          minutes_file_id: minutesFileId,
          created_by: actor.accountId,
          created_at: w.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const comment = `${input.meetingDate} ${input.meetingName}${input.decision === 'approved' ? '审定通过' : '退回修改'}${input.comments ? `：${input.comments}` : ''}`;
      const r = await transitionList(w, list, to, {
        label: input.decision === 'approved' ? '审定稿' : '退回修改稿',
        comment,
        audit: { meetingId: meeting.id, meetingDate: input.meetingDate, meetingName: input.meetingName, decision: input.decision, minutesFileId },
      });
      if (input.minutes) await uploadCheckpoint('beforeCommit');
      return { ...r, meetingId: meeting.id, minutesFileId };
    });
  } catch (e) {
    // The minutes' row went with the transaction; their bytes go too (files/store.ts).
    const placed = stored ?? storedOf(e);
    if (placed) await discardStoredFile(deps, placed);
    throw e;
  }
}
