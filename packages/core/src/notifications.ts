/**
 * Notifications in the reader's language. A notification is stored as its kind and its params
 * (names, codes, dates, counts, the stored period label — never text of one language) and
 * rendered here, with the message tables, each time it is read. Used by the server's inbox.
 */
import type { Locale } from './api.ts';
import { t } from './messages/index.ts';
import { periodLabelIn, type NotificationKind } from './work.ts';

export type NotificationParams = Record<string, string | number | boolean | null>;

/** A task's content as titles show it: whitespace collapsed, at most `max` characters. */
export function shortTaskText(s: string, max = 40): string {
  const text = s.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0);

/** The title and body of a notification of `kind` with `params`, in `locale`. */
export function renderNotification(kind: NotificationKind, params: NotificationParams, locale: Locale): { title: string; body: string } {
  const en = locale === 'en';
  const days = num(params.days);
  const common = {
    org: str(params.org),
    code: str(params.code),
    period: periodLabelIn(str(params.period), locale),
    due: str(params.due),
    days,
    dayUnit: en && days === 1 ? 'day' : 'days',
    reviewer: str(params.reviewer),
  };
  const short = { ...common, task: shortTaskText(str(params.task)) };
  const full = { ...common, task: str(params.task) };
  switch (kind) {
    case 'dueSoon':
      return { title: t('NOTIFY_DUE_SOON_TITLE', locale, short), body: t(params.returned ? 'NOTIFY_DUE_SOON_BODY_RETURNED' : 'NOTIFY_DUE_SOON_BODY', locale, full) };
    case 'overdue':
      return { title: t('NOTIFY_OVERDUE_TITLE', locale, short), body: t('NOTIFY_OVERDUE_BODY', locale, full) };
    case 'overdueBelow':
      return { title: t('NOTIFY_OVERDUE_BELOW_TITLE', locale, short), body: t('NOTIFY_OVERDUE_BELOW_BODY', locale, full) };
    case 'submitted':
      return { title: t('NOTIFY_SUBMITTED_TITLE', locale, short), body: days > 0 ? t('NOTIFY_SUBMITTED_BODY_LATE', locale, common) : '' };
    case 'approved':
      // the body is the reviewer's own comment, as they wrote it
      return { title: t('NOTIFY_APPROVED_TITLE', locale, short), body: str(params.comment) };
    case 'returned':
      return { title: t('NOTIFY_RETURNED_TITLE', locale, short), body: t('NOTIFY_RETURNED_BODY', locale, { reason: str(params.reason) }) };
    case 'digest':
      return renderDigest(params, locale);
    default:
      return { title: str(params.title), body: str(params.body) };
  }
}

function renderDigest(params: NotificationParams, locale: Locale): { title: string; body: string } {
  const en = locale === 'en';
  const soon = num(params.soon);
  const late = num(params.late);
  const review = num(params.review);
  const taskUnit = (n: number) => (n === 1 ? 'task' : 'tasks');
  const records = [
    soon > 0 ? t('NOTIFY_DIGEST_SOON', locale, { n: soon, taskUnit: taskUnit(soon) }) : '',
    late > 0 ? t(soon > 0 ? 'NOTIFY_DIGEST_LATE_AFTER_SOON' : 'NOTIFY_DIGEST_LATE', locale, { n: late, taskUnit: taskUnit(late) }) : '',
  ].filter(Boolean).join(en ? ', ' : '、');
  const items = [records, review > 0 ? t('NOTIFY_DIGEST_REVIEW', locale, { n: review }) : ''].filter(Boolean).join(en ? ', ' : '，');
  return {
    title: t('NOTIFY_DIGEST_TITLE', locale, { items }),
    body: t(review > 0 ? 'NOTIFY_DIGEST_BODY_REVIEW' : 'NOTIFY_DIGEST_BODY', locale, { date: str(params.date) }),
  };
}
