/**
 * Who may download a stored file. A file is never public by itself: it is visible when it is
 * attached to something the caller may see. Each kind of attachment is one rule, declared by the
 * module that attaches files (lists: approval minutes; work: evidence) and registered with the
 * module (`modules/index.ts`, `fileRules`); the files module's access target 'file' asks them.
 */
import type { Permission } from '@qingdan/core';
import type { Db } from '../../db/database.ts';
import { idOf, type TargetCheck } from '../../http/access.ts';

declare module '../../http/access.ts' {
  interface TargetKinds {
    file: true;
  }
}
export type FileTargetKind = 'file';

export type ScopeOf = (permission: Permission) => 'all' | string[];

export interface FileAccessRule {
  /** What the file is attached to, for readers of the code. */
  name: string;
  /** Whether the caller (their scope per permission) may see something file `fileId` is attached to. */
  visible(db: Db, scopeOf: ScopeOf, fileId: number): Promise<boolean>;
}

/** Whether file `id` exists and the caller may download it under one of `rules`. */
export async function fileVisibleTo(db: Db, scopeOf: ScopeOf, id: unknown, rules: readonly FileAccessRule[]): Promise<boolean> {
  const n = idOf(id);
  if (n === null) return false;
  for (const rule of rules) if (await rule.visible(db, scopeOf, n)) return true;
  return false;
}

/** The access target 'file', asking the rules of every module. */
export function fileTargets(rules: readonly FileAccessRule[]): { file: TargetCheck } {
  return { file: (db, access, value) => fileVisibleTo(db, access.scope, value, rules) };
}
