/**
 * The committee's work settings (docs/WORK.md), stored in `settings` under `work.yellowDays` (how
 * many days before a due date the light turns yellow) and `work.reminderDays` (how many days before
 * a due date the recorders are reminded). Other modules read them with `loadWorkSettings`.
 */
import { z } from 'zod';
import type { Kysely, Transaction } from 'kysely';
import { DEFAULT_YELLOW_DAYS } from '@qingdan/core';
import type { Database } from '../../../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const DEFAULT_REMINDER_DAYS = 7;
export const WORK_SETTING_KEYS = { yellowDays: 'work.yellowDays', reminderDays: 'work.reminderDays' } as const;

const days = z.number().int().min(1, { message: 'WORK_SETTINGS_RANGE' }).max(60, { message: 'WORK_SETTINGS_RANGE' });
export const workSettingsSchema = z.object({ yellowDays: days, reminderDays: days });
export type WorkSettings = z.infer<typeof workSettingsSchema>;

function dayValue(v: unknown, fallback: number): number {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 60 ? n : fallback;
}

/**
 * The yellow-light days as the lights read them, from the stored `work.yellowDays` value (a number,
 * its text, or `{value}`): a whole number from 0 to 365, else the default. Every view that draws a
 * light (dashboards, the period page) reads the setting through this.
 */
export function parseYellowDays(value: unknown): number {
  const v = typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 365 ? n : DEFAULT_YELLOW_DAYS;
}

/** The current work settings (defaults where nothing valid is stored). */
export async function loadWorkSettings(db: Q): Promise<WorkSettings> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', [WORK_SETTING_KEYS.yellowDays, WORK_SETTING_KEYS.reminderDays])
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value as unknown]));
  return {
    yellowDays: dayValue(byKey.get(WORK_SETTING_KEYS.yellowDays), DEFAULT_YELLOW_DAYS),
    reminderDays: dayValue(byKey.get(WORK_SETTING_KEYS.reminderDays), DEFAULT_REMINDER_DAYS),
  };
}
