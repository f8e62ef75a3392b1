import { useCallback, useEffect, useMemo, useRef, useState, type Key } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Breadcrumb, Button, Card, Col, Descriptions, Empty, Input, List, Row, Space, Spin, Switch, Tag, Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { ApartmentOutlined, DragOutlined, EditOutlined, PlusOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { ORG_KIND_LABELS } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useLocale, useTr } from '../../app/i18n.tsx';
import { orgApi, type Org, type OrgDetail } from './orgApi.ts';
import { childKinds, CreateOrgModal, EditOrgModal, MoveOrgModal } from './OrgForms.tsx';

interface OrgNode extends DataNode {
  org: Org;
  children?: OrgNode[];
}

function OrgTitle({ org }: { org: Org }) {
  const tr = useTr();
  return (
    <span style={org.active ? undefined : { color: '#999' }}>
      {org.name}
      {!org.active && (
        <Tag style={{ marginInlineStart: 6 }} color="default">
          {tr('已撤销', 'Dissolved')}
        </Tag>
      )}
    </span>
  );
}

/** 组织机构: the lazily loaded tree on the left, the selected node's details and actions on the right. */
export default function OrgPage() {
  const tr = useTr();
  const label = useLabel();
  const locale = useLocale();
  const { can } = useAuth();
  const canWrite = can('org.write');
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selectedId = Number(params.get('id')) || null;
  const select = useCallback((id: number) => setParams({ id: String(id) }, { replace: true }), [setParams]);

  const [showInactive, setShowInactive] = useState(false);
  const [roots, setRoots] = useState<Org[] | null>(null);
  const [children, setChildren] = useState<Record<number, Org[]>>({});
  const childrenRef = useRef(children);
  childrenRef.current = children;
  const [expanded, setExpanded] = useState<Key[]>([]);
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;
  const [treeError, setTreeError] = useState<string | null>(null);
  const pendingJump = useRef<number | null>(null);

  const [q, setQ] = useState('');
  const [creating, setCreating] = useState<Org | null>(null);
  const [editing, setEditing] = useState<OrgDetail | null>(null);
  const [moving, setMoving] = useState<OrgDetail | null>(null);

  const levels = useQuery({ queryKey: ['levels'], queryFn: () => orgApi.levels(), staleTime: 600_000 });
  const detail = useQuery({ queryKey: ['org', selectedId], queryFn: () => orgApi.get(selectedId!), enabled: selectedId !== null, retry: false });
  const results = useQuery({
    queryKey: ['orgs', 'search', q, showInactive],
    queryFn: () => orgApi.search(q, { active: showInactive ? undefined : true, pageSize: 50 }),
    enabled: q !== '',
  });

  const loadChildren = useCallback(
    async (id: number, includeInactive: boolean) => {
      const r = await orgApi.children(id, includeInactive);
      setChildren((m) => ({ ...m, [id]: r.items }));
      return r.items;
    },
    [],
  );

  /** Open the tree down to a node (its in-scope ancestors expanded) and select it. */
  const jumpTo = useCallback(
    async (id: number, includeInactive = showInactive) => {
      try {
        const d = await orgApi.get(id);
        if (!d.active && !includeInactive) {
          pendingJump.current = id;
          setShowInactive(true);
          return;
        }
        const chain = d.ancestors.filter((a) => a.inScope).map((a) => a.id);
        for (const a of chain) if (!childrenRef.current[a]) await loadChildren(a, includeInactive);
        setExpanded((e) => [...new Set([...e, ...chain])]);
        select(id);
      } catch (e) {
        message.error(errorMessage(e));
      }
    },
    [showInactive, loadChildren, select, message],
  );

  // (Re)load the tree from where the user's scope starts.
  useEffect(() => {
    let cancelled = false;
    setChildren({});
    setRoots(null);
    setTreeError(null);
    (async () => {
      try {
        const r = await orgApi.roots(showInactive);
        if (cancelled) return;
        setRoots(r.items);
        // Open the first level so the tree does not start as a single closed node, and keep open
        // what was open before the toggle.
        const first = r.items.length === 1 ? r.items[0] : undefined;
        const open = new Set<number>(expandedRef.current.map(Number));
        if (first && first.childCount > 0) open.add(first.id);
        const opened: number[] = [];
        for (const id of open) {
          try {
            await loadChildren(id, showInactive);
            opened.push(id);
          } catch {
            // a node that is no longer visible stays closed
          }
          if (cancelled) return;
        }
        setExpanded(opened);
        const target = pendingJump.current ?? selectedId;
        pendingJump.current = null;
        if (target) await jumpTo(target, showInactive);
        else if (first) select(first.id);
      } catch (e) {
        if (!cancelled) setTreeError(errorMessage(e));
      }
    })();
    return () => {
      cancelled = true;
    };
    // Only the inactive toggle reloads the whole tree; selection changes do not.
  }, [showInactive]);

  /** After a write: reload the children lists that may have changed, the roots, and the details. */
  const refresh = useCallback(
    async (ids: (number | null | undefined)[]) => {
      try {
        const r = await orgApi.roots(showInactive);
        setRoots(r.items);
        // A changed node's child count shows in the list that holds it, so reload that list too.
        const loaded = childrenRef.current;
        const todo = new Set<number>();
        for (const id of ids) {
          if (id === null || id === undefined) continue;
          todo.add(id);
          for (const [key, list] of Object.entries(loaded)) if (list.some((o) => o.id === id)) todo.add(Number(key));
        }
        for (const id of todo) if (loaded[id]) await loadChildren(id, showInactive);
      } catch (e) {
        message.error(errorMessage(e));
      }
      await qc.invalidateQueries({ queryKey: ['org'] });
      await qc.invalidateQueries({ queryKey: ['orgs'] });
    },
    [showInactive, loadChildren, qc, message],
  );

  const treeData = useMemo(() => {
    const build = (o: Org): OrgNode => {
      const kids = children[o.id];
      return { key: o.id, title: <OrgTitle org={o} />, isLeaf: o.childCount === 0, org: o, ...(kids ? { children: kids.map(build) } : {}) };
    };
    return (roots ?? []).map(build);
  }, [roots, children]);
  const loadedKeys = useMemo(() => Object.keys(children).map(Number), [children]);

  const onLoadData = async (node: EventDataNode<OrgNode>) => {
    if (childrenRef.current[node.org.id]) return;
    try {
      await loadChildren(node.org.id, showInactive);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const d = detail.data;
  const levelName = (code: string | null) => {
    if (!code) return '—';
    const l = levels.data?.items.find((x) => x.code === code);
    return l ? `${code} ${locale === 'en' ? l.nameEn : l.name}` : code;
  };

  const deactivate = (o: OrgDetail) =>
    modal.confirm({
      title: tr(`确认撤销“${o.name}”？`, `Dissolve "${o.name}"?`),
      content: tr(
        '撤销后该组织不再显示在组织树中（打开“显示已撤销”可查看），记录不会删除，可随时恢复。',
        'It disappears from the tree (turn on "Show dissolved" to see it). Nothing is deleted; it can be restored.',
      ),
      okText: tr('撤销', 'Dissolve'),
      okButtonProps: { danger: true },
      cancelText: tr('取消', 'Cancel'),
      onOk: async () => {
        try {
          await orgApi.deactivate(o.id, o.version);
          message.success(tr('已撤销', 'Dissolved'));
          await refresh([o.parentId]);
          if (!showInactive && o.parentId !== null) select(o.parentId);
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  const activate = async (o: OrgDetail) => {
    try {
      await orgApi.activate(o.id, o.version);
      message.success(tr('已恢复', 'Restored'));
      await refresh([o.parentId]);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  // The organisation a user's own grant sits on can be moved or dissolved only from above it.
  const movable = !!d && d.parentId !== null && d.ancestors.length > 0 && d.ancestors[d.ancestors.length - 1]!.inScope;
  const actions = d && canWrite && (
    <Space wrap>
      {d.active && childKinds(d.kind).length > 0 && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(d)}>
          {tr('新增下级', 'Add child')}
        </Button>
      )}
      <Button icon={<EditOutlined />} onClick={() => setEditing(d)}>
        {tr('编辑', 'Edit')}
      </Button>
      {movable && (
        <Button icon={<DragOutlined />} onClick={() => setMoving(d)}>
          {tr('移动', 'Move')}
        </Button>
      )}
      {movable &&
        (d.active ? (
          <Button danger icon={<StopOutlined />} onClick={() => deactivate(d)}>
            {tr('撤销', 'Dissolve')}
          </Button>
        ) : (
          <Button icon={<RollbackOutlined />} onClick={() => activate(d)}>
            {tr('恢复', 'Restore')}
          </Button>
        ))}
    </Space>
  );

  return (
    <Row gutter={16}>
      <Col xs={24} md={10} lg={8}>
        <Card
          title={
            <Space>
              <ApartmentOutlined />
              {tr('组织机构', 'Organisations')}
            </Space>
          }
          extra={
            <Space size={4}>
              <Typography.Text type="secondary">{tr('显示已撤销', 'Show dissolved')}</Typography.Text>
              <Switch size="small" checked={showInactive} onChange={setShowInactive} />
            </Space>
          }
        >
          <Input.Search
            allowClear
            placeholder={tr('搜索名称、简称或编码', 'Search name, short name or code')}
            onSearch={(v) => setQ(v.trim())}
            onChange={(e) => {
              if (e.target.value === '') setQ('');
            }}
            style={{ marginBottom: 12 }}
          />
          {q !== '' && (
            <List
              size="small"
              bordered
              loading={results.isFetching}
              style={{ marginBottom: 12, maxHeight: 280, overflow: 'auto' }}
              header={
                <Typography.Text type="secondary">
                  {tr(`搜索结果：共 ${results.data?.total ?? 0} 条`, `${results.data?.total ?? 0} found`)}
                  {(results.data?.total ?? 0) > (results.data?.items.length ?? 0) && tr('（仅显示前 50 条）', ' (first 50 shown)')}
                </Typography.Text>
              }
              locale={{ emptyText: results.error ? errorMessage(results.error) : tr('没有匹配的组织', 'No match') }}
              dataSource={results.data?.items ?? []}
              renderItem={(o) => (
                <List.Item style={{ cursor: 'pointer', background: o.id === selectedId ? '#fff1f0' : undefined }} onClick={() => jumpTo(o.id)}>
                  <List.Item.Meta
                    title={<OrgTitle org={o} />}
                    description={
                      <span>
                        {label(ORG_KIND_LABELS[o.kind])} · {o.code}
                        {o.pathNames ? ` · ${o.pathNames}` : ''}
                      </span>
                    }
                  />
                </List.Item>
              )}
            />
          )}
          {treeError ? (
            <Alert type="error" message={treeError} showIcon />
          ) : roots === null ? (
            <Spin />
          ) : roots.length === 0 ? (
            <Empty description={tr('没有可查看的组织', 'No organisations in your scope')} />
          ) : (
            <Tree<OrgNode>
              showLine
              blockNode
              treeData={treeData}
              loadData={onLoadData}
              loadedKeys={loadedKeys}
              expandedKeys={expanded}
              onExpand={(keys) => setExpanded(keys)}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(_keys, info) => select(info.node.org.id)}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={14} lg={16}>
        <Card title={d ? d.name : tr('组织详情', 'Details')} extra={actions} loading={detail.isLoading}>
          {detail.error ? (
            <Alert type="error" message={errorMessage(detail.error)} showIcon />
          ) : !d ? (
            <Empty description={tr('请在左侧选择组织', 'Choose an organisation on the left')} />
          ) : (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Breadcrumb
                items={[
                  ...d.ancestors.map((a) => ({
                    key: a.id,
                    title: a.inScope ? (
                      <a
                        onClick={(e) => {
                          e.preventDefault();
                          void jumpTo(a.id);
                        }}
                      >
                        {a.name}
                      </a>
                    ) : (
                      a.name
                    ),
                  })),
                  { key: d.id, title: d.name },
                ]}
              />
              {!d.active && <Alert type="warning" showIcon message={tr('该组织已撤销', 'This organisation is dissolved')} />}
              <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }}>
                <Descriptions.Item label={tr('名称', 'Name')}>{d.name}</Descriptions.Item>
                <Descriptions.Item label={tr('简称', 'Short name')}>{d.shortName || '—'}</Descriptions.Item>
                <Descriptions.Item label={tr('编码', 'Code')}>{d.code}</Descriptions.Item>
                <Descriptions.Item label={tr('组织类型', 'Kind')}>{label(ORG_KIND_LABELS[d.kind])}</Descriptions.Item>
                <Descriptions.Item label={tr('责任层级', 'Responsibility level')}>{levelName(d.levelCode)}</Descriptions.Item>
                <Descriptions.Item label={tr('排序号', 'Sort order')}>{d.sortOrder}</Descriptions.Item>
                <Descriptions.Item label={tr('状态', 'Status')}>
                  {d.active ? <Tag color="green">{tr('正常', 'Active')}</Tag> : <Tag>{tr('已撤销', 'Dissolved')}</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label={tr('下级组织', 'Child organisations')}>{d.childCount}</Descriptions.Item>
                <Descriptions.Item label={tr('所在位置', 'Location')} span={2}>
                  {d.pathNames || '—'}
                </Descriptions.Item>
              </Descriptions>
            </Space>
          )}
        </Card>
      </Col>
      <CreateOrgModal
        parent={creating}
        levels={levels.data?.items ?? []}
        onClose={() => setCreating(null)}
        onDone={async (o) => {
          setCreating(null);
          await refresh([o.parentId]);
          if (o.parentId !== null) {
            if (!childrenRef.current[o.parentId]) await loadChildren(o.parentId, showInactive);
            setExpanded((e) => [...new Set([...e, o.parentId as number])]);
          }
          select(o.id);
        }}
      />
      <EditOrgModal
        org={editing}
        levels={levels.data?.items ?? []}
        onClose={() => setEditing(null)}
        onDone={async (o) => {
          setEditing(null);
          await refresh([o.parentId]);
        }}
      />
      <MoveOrgModal
        org={moving}
        onClose={() => setMoving(null)}
        onDone={async (o, oldParentId) => {
          setMoving(null);
          await refresh([oldParentId, o.parentId]);
          await jumpTo(o.id);
        }}
      />
    </Row>
  );
}
