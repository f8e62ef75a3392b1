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
