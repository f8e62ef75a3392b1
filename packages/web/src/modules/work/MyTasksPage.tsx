import { useNavigate } from 'react-router';
import { Button, Card, Empty, Select, Space, Statistic, Switch, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { LIGHT_LABELS, LIGHTS, type Light } from '@qingdan/core';
import { PagedTable, usePaged } from '../../app/paged.tsx';
import { useLabel, usePeriodLabel, useTr } from '../../app/i18n.tsx';
import { LIGHT_COLORS, LightSelect, LightTag, PeriodStatusTag, SearchFilter, StatusSelect, TaskText, useIssuedLists, useParts, YearSelect } from './components.tsx';
import { workApi, type MyTask, type MyTasksQuery, type MyTasksReply } from './workApi.ts';

const LIGHT_STAT_COLORS: Record<Light, string> = { green: '#389e0d', yellow: '#d48806', red: '#cf1322', done: '#1677ff' };

/**
 * 我的任务: the periods of the organisations the caller records for, with their lights, what needs
 * doing first — overdue (most overdue first), due soon, open by due date, awaiting review — in the
 * server's order (SQL, paged there). Done periods are hidden behind “显示已完成” (off; the switch
 * shows their count), or shown when the light or status filter asks for them.
 */
export default function MyTasksPage() {
  const tr = useTr();
  const periodLabel = usePeriodLabel();
  const label = useLabel();
  const navigate = useNavigate();
  const lists = useIssuedLists();
  const paged = usePaged<MyTasksQuery, MyTask, MyTasksReply>(['myTasks'], { page: 1, pageSize: 20 }, workApi.myTasks);
  const { query, set, result: q } = paged;
  // The year: the user's choice, else the one the server chose (the current business year).
  const year = query.year ?? q.data?.year;
  const parts = useParts(year);
  const years = [...new Set([...(lists.data ?? []).map((l) => l.year), ...(year ? [year] : [])])].sort((a, b) => b - a);
  const filtered = !!(query.status || query.light || query.partId || query.q);
  const counts = q.data?.counts;
  // A done light or approved status filter lists done periods whatever the switch says.
  const doneAsked = query.light === 'done' || query.status === 'approved';

  const columns: TableProps<MyTask>['columns'] = [
    {
      title: tr('时限', 'Light'),
      key: 'light',
      width: 170,
      render: (_, r) => <LightTag light={r.light} lateDays={r.lateDays} status={r.status} />,
    },
    {
      title: tr('任务', 'Task'),
      key: 'task',
      render: (_, r) => (
        <div>
          <Typography.Link onClick={() => navigate(`/work/periods/${r.periodId}`)} data-testid="task-link">
            <TaskText code={r.taskCode} content={r.taskContent} />
          </Typography.Link>
          {r.partTitle && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.partTitle}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    { title: tr('组织', 'Organisation'), dataIndex: 'orgName', key: 'orgName', width: 180, ellipsis: true },
    { title: tr('期次', 'Period'), dataIndex: 'label', key: 'label', width: 110, render: (v: string) => periodLabel(v) },
    { title: tr('截止日期', 'Due'), dataIndex: 'dueOn', key: 'dueOn', width: 120 },
    { title: tr('状态', 'Status'), dataIndex: 'status', key: 'status', width: 100, render: (s: MyTask['status']) => <PeriodStatusTag status={s} /> },
    { title: tr('记实', 'Records'), dataIndex: 'reportCount', key: 'reportCount', width: 80, align: 'right' },
  ];

  const empty = (
    <Empty
      description={
        filtered
          ? tr('没有符合条件的任务', 'No task matches')
          : !query.showDone && (counts?.done ?? 0) > 0
            ? tr(`没有待办的任务：${counts?.done ?? 0} 项已完成（打开“显示已完成”查看）`, `Nothing to do: ${counts?.done ?? 0} done (turn on “Show done” to see them)`)
            : tr('暂无任务：责任清单印发后，本组织的任务会出现在这里', 'No tasks yet: once the list is issued, your organisation’s tasks appear here')
      }
    />
  );

  return (
    <Card
      title={tr('我的任务', 'My tasks')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={paged.reload}>
          {tr('刷新', 'Reload')}
        </Button>
      }
    >
      {counts && (
        <Space size="large" wrap style={{ marginBottom: 16 }} data-testid="light-counts">
          {LIGHTS.map((l) => (
            <Card
              key={l}
              size="small"
              hoverable
              onClick={() => set({ light: query.light === l ? undefined : l })}
              style={{ minWidth: 120, borderColor: query.light === l ? LIGHT_STAT_COLORS[l] : undefined }}
              data-testid={`count-${l}`}
            >
              <Statistic title={<Tag color={LIGHT_COLORS[l]}>{label(LIGHT_LABELS[l])}</Tag>} value={counts[l] ?? 0} styles={{ content: { color: LIGHT_STAT_COLORS[l] } }} />
            </Card>
          ))}
        </Space>
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <YearSelect years={years} value={year} allowClear={false} onChange={(y) => set({ year: y, partId: undefined })} />
        <StatusSelect value={query.status} onChange={(s) => set({ status: s })} />
        <LightSelect value={query.light} onChange={(l) => set({ light: l })} />
        <Select<number>
          allowClear
          placeholder={tr('全部部分', 'All parts')}
          value={query.partId}
          disabled={!parts.data?.length}
          loading={parts.isLoading}
          onChange={(v) => set({ partId: v ?? undefined })}
          options={(parts.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          data-testid="filter-part"
        />
        <SearchFilter onSearch={(q) => set({ q })} />
        <Space size={6}>
          <Switch
            size="small"
            checked={!!query.showDone || doneAsked}
            disabled={doneAsked}
            onChange={(on) => set({ showDone: on || undefined })}
            data-testid="show-done"
          />
          <Typography.Text>{tr(`显示已完成（${counts?.done ?? 0}）`, `Show done (${counts?.done ?? 0})`)}</Typography.Text>
        </Space>
      </Space>
      <PagedTable<MyTasksQuery, MyTask, MyTasksReply>
        paged={paged}
        totalText={(n) => tr(`共 ${n} 项`, `${n} periods`)}
        rowKey="periodId"
        columns={columns}
        locale={{ emptyText: empty }}
        onRow={(r) => ({ onClick: () => navigate(`/work/periods/${r.periodId}`), style: { cursor: 'pointer' } })}
        scroll={{ x: 900 }}
        data-testid="my-tasks-table"
      />
    </Card>
  );
}
