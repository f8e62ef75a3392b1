import type { ComponentType } from 'react';
import type { Permission } from '@qingdan/core';
import type { Me } from '../app/auth.tsx';

/** A page of a module: its path, its menu entry and the permission that shows it. */
export interface PageDef {
  path: string;
  label: { zh: string; en: string };
  icon?: ComponentType;
  permission?: Permission;
  /** Lazy-loaded page component. */
  component: () => Promise<{ default: ComponentType }>;
  /** Hidden pages are routed but not in the menu. */
  hidden?: boolean;
  /** Shown in the menu only when this holds for the signed-in user (besides the permission). */
  visible?: (me: Me) => boolean;
  order: number;
}
