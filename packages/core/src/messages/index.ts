import type { Locale } from '../api.ts';
import type { MessageTable } from './types.ts';
import { commonMessages } from './common.ts';
import { authMessages } from './auth.ts';
import { orgMessages } from './org.ts';
import { peopleMessages } from './people.ts';
import { importMessages } from './imports.ts';
import { auditMessages } from './audit.ts';
import { listMessages } from './lists.ts';
import { fileMessages } from './files.ts';
import { workMessages } from './work.ts';
import { workDistributionMessages } from './work-distribution.ts';
import { workRecordsMessages } from './work-records.ts';
import { workDivisionMessages } from './work-division.ts';
import { dashboardMessages } from './dashboard.ts';
import { notificationsMessages } from './notifications.ts';

export type { Message, MessageTable } from './types.ts';

export const MESSAGES: MessageTable = {
  ...commonMessages,
  ...authMessages,
  ...orgMessages,
  ...peopleMessages,
  ...importMessages,
  ...auditMessages,
  ...listMessages,
  ...fileMessages,
  ...workMessages,
  ...workDistributionMessages,
  ...workRecordsMessages,
  ...workDivisionMessages,
  ...dashboardMessages,
  ...notificationsMessages,
};

/** Render a message code in a locale, filling {name} placeholders. Unknown codes render as themselves. */
export function t(code: string, locale: Locale, params: Record<string, string | number> = {}): string {
  const m = MESSAGES[code];
  const text = m ? (locale === 'en' ? m.en : m.zh) : code;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}
