/** A fixed-window counter per key, in memory: enough for one server process guarding sign-in. */
export class RateLimiter {
  private hits = new Map<string, { windowStart: number; count: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Count one attempt; true when the key is over its limit. */
  hit(key: string, now: number): boolean {
    const h = this.hits.get(key);
    if (!h || now - h.windowStart >= this.windowMs) {
      this.hits.set(key, { windowStart: now, count: 1 });
      if (this.hits.size > 10_000) this.sweep(now);
      return false;
    }
    h.count += 1;
    return h.count > this.limit;
  }

  private sweep(now: number) {
    for (const [k, v] of this.hits) if (now - v.windowStart >= this.windowMs) this.hits.delete(k);
  }
}

/**
 * Failure streaks per key, in memory, counted exactly like an account's `failed_count` /
 * `locked_until` in the database: `limit` failures in a row lock the key for `lockMs` (the failure
 * that reaches the limit starts the lock and resets the streak), a locked key stays locked until
 * the lock ends, and the first failure after it starts a new streak. Bounded: past `maxKeys` the
 * key whose last failure is oldest is forgotten.
 */
export class FailureLocks {
  private entries = new Map<string, { count: number; lockedUntil: number }>();
  constructor(
    readonly limit: number,
    readonly lockMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** When the key's lock ends (epoch ms), or null while it is not locked. */
  lockedUntil(key: string, now: number): number | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.lockedUntil > now) return e.lockedUntil;
    // A lock that has ended leaves a streak of 0: the same as no entry at all.
    if (e.lockedUntil !== 0 && e.count === 0) this.entries.delete(key);
    return null;
  }

  /** Count one failure. Returns when the lock ends if this failure locks the key, else null. */
  fail(key: string, now: number): number | null {
    const e = this.entries.get(key);
    const count = (e ? (e.lockedUntil !== 0 && e.lockedUntil <= now ? 0 : e.count) : 0) + 1;
    this.entries.delete(key); // re-inserted last: the map stays ordered by last failure
    const lockedUntil = count >= this.limit ? now + this.lockMs : 0;
    this.entries.set(key, lockedUntil ? { count: 0, lockedUntil } : { count, lockedUntil: 0 });
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return lockedUntil || null;
  }

  /** A success: the key's streak ends. */
  clear(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
