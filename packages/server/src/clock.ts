/** The one source of "now". Tests move it; nothing in the server calls `new Date()` for business time. */
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Move the clock (tests only). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  setTo(d: Date): void {
    this.offsetMs = d.getTime() - Date.now();
  }
}

/** Business dates are Beijing dates: today's, as YYYY-MM-DD. */
export function todayOf(clock: Clock): string {
  return beijingDateOf(clock.now());
}

/** The Beijing date of an instant, as YYYY-MM-DD. */
export function beijingDateOf(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** The instant of a Beijing date and time of day (default 09:00, the start of a working day). */
export function beijingInstant(date: string, time = '09:00:00'): Date {
  return new Date(`${date}T${time}+08:00`);
}

/**
 * Where the server's clock starts: CLOCK_DATE when it names a date; the demo's business date
 * (stored by the demo seed) when CLOCK_DATE is unset; the real time (null) for CLOCK_DATE=real or
 * when neither is set.
 */
export function startDateOf(clockDate: string | undefined, demoBusinessDate: string | null): string | null {
  if (clockDate === 'real') return null;
  return clockDate ?? demoBusinessDate ?? null;
}

/** Whether the clock runs away from the real time (a business date set, or moved by tests). */
export function clockShifted(clock: Clock): boolean {
  return Math.abs(clock.now().getTime() - Date.now()) > 60_000;
}

/** The settings key under which the demo seed stores the demo's business date (YYYY-MM-DD). */
export const DEMO_BUSINESS_DATE_SETTING = 'demo.businessDate';
