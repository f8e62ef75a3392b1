import type { z } from 'zod';
import { MESSAGES } from './messages/index.ts';

/** A zod issue reduced to what we localise: its code and the custom message (a message code) if any. */
export interface IssueLike {
  code?: string;
  keyword?: string;
  message?: string;
  input?: unknown;
  params?: Record<string, unknown>;
  minimum?: unknown;
  origin?: string;
}

/** The message code explaining one validation issue, e.g. 'required', 'tooLong', 'codeFormat'. */
export function issueReason(issue: IssueLike): string {
  if (issue.message && MESSAGES[issue.message]) return issue.message;
  const code = issue.code ?? issue.keyword ?? '';
  const input = issue.input ?? issue.params?.input;
  switch (code) {
    case 'too_small': {
      const min = issue.minimum ?? issue.params?.minimum;
      const origin = issue.origin ?? issue.params?.origin;
      return Number(min) === 1 && (origin === 'string' || input === '') ? 'required' : 'tooShort';
    }
    case 'too_big':
      return 'tooLong';
    case 'invalid_type':
      // zod 4 leaves the input out of issues; its default message names what it received.
      if (issue.message) return /received (undefined|null)/.test(issue.message) ? 'required' : 'invalidType';
      return input === undefined || input === null ? 'required' : 'invalidType';
    case 'invalid_value':
    case 'invalid_enum_value':
    case 'invalid_union':
      return 'invalidValue';
    default:
      return 'invalidValue';
  }
}

export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

export type ZodIssue = z.core.$ZodIssue;
