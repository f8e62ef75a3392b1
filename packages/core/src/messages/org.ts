import type { MessageTable } from './types.ts';

export const orgMessages: MessageTable = {
  ORG_CODE_TAKEN: { zh: '组织编码“{code}”已被使用', en: 'Organisation code "{code}" is already in use' },
  ORG_BAD_PARENT: { zh: '“{kind}”不能设在“{parentKind}”之下', en: 'A {kind} cannot be placed under a {parentKind}' },
  ORG_INACTIVE_PARENT: { zh: '上级组织已撤销', en: 'The parent organisation is dissolved' },
  ORG_MOVE_INTO_SELF: { zh: '不能把组织移到它自己或其下级之下', en: 'An organisation cannot move under itself or its descendants' },
  ORG_HAS_ACTIVE_CHILDREN: { zh: '请先撤销其下级组织', en: 'Dissolve its child organisations first' },
  ORG_ROOT_READONLY: { zh: '工委根节点不能移动或撤销', en: 'The committee root cannot be moved or dissolved' },
  ORG_BAD_LEVEL: { zh: '责任层级“{level}”不存在', en: 'Responsibility level "{level}" does not exist' },
  ORG_LEVEL_KIND: { zh: '责任层级“{level}”不适用于“{kind}”', en: 'Responsibility level "{level}" does not apply to a {kind}' },
  ORG_OWN_SCOPE_ROOT: { zh: '不能移动或撤销您自己的授权所在组织，请联系上级管理员', en: 'You cannot move or dissolve the organisation your own role is granted on; ask a higher-level administrator' },
};
