/** The pages of a user's menu: one rule for the side menu and the home page's shortcuts. */
import type { Permission } from '@qingdan/core';
import { PAGES } from '../modules/index.tsx';
import type { Me } from './auth.tsx';

export function menuPages(me: Me | null, can: (p: Permission) => boolean) {
  return PAGES.filter((p) => !p.hidden && (!p.permission || can(p.permission)) && (!p.visible || (!!me && p.visible(me)))).sort((a, b) => a.order - b.order);
}
