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
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
}

/** The Beijing date of an instant, as YYYY-MM-DD. */
export function beijingDateOf(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
