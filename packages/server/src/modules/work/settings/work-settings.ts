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

/** The valid range of both settings, in days: what the form accepts is what every reader keeps. */
export const SETTING_DAYS = { min: 1, max: 60 } as const;

const days = z.number().int().min(SETTING_DAYS.min, { message: 'WORK_SETTINGS_RANGE' }).max(SETTING_DAYS.max, { message: 'WORK_SETTINGS_RANGE' });
export const workSettingsSchema = z.object({ yellowDays: days, reminderDays: days });
export type WorkSettings = z.infer<typeof workSettingsSchema>;

/**
 * A stored day setting as every reader reads it — a number, its text, or `{value}` — kept when it is
 * a whole number within SETTING_DAYS (the range the form accepts), else `fallback`.
 */
export function settingDays(value: unknown, fallback: number): number {
  const v = typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= SETTING_DAYS.min && n <= SETTING_DAYS.max ? n : fallback;
}

/**
 * The yellow-light days from the stored `work.yellowDays` value (settingDays, default
 * DEFAULT_YELLOW_DAYS). Every view that draws a light (dashboards, the period page) and
 * loadWorkSettings read the setting through this.
 */
export function parseYellowDays(value: unknown): number {
  return settingDays(value, DEFAULT_YELLOW_DAYS);
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
    yellowDays: parseYellowDays(byKey.get(WORK_SETTING_KEYS.yellowDays)),
    reminderDays: settingDays(byKey.get(WORK_SETTING_KEYS.reminderDays), DEFAULT_REMINDER_DAYS),
  };
}
