import type { ComponentType } from 'react';
import type { Permission } from '@qingdan/core';

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
  order: number;
}
