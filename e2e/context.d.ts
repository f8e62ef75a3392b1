/** Values the global setup hands to the tests (vitest `provide` / `inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Base address of the running server, e.g. http://127.0.0.1:41234 */
    baseUrl: string;
    /** The Chromium executable to drive; empty when the suite is skipped. */
    chromiumPath: string;
    /** Why the suite is skipped (no Chromium outside CI); empty when it runs. */
    skipReason: string;
  }
}
export {};
