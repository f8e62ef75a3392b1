import { useEffect, useState, type HTMLAttributes } from 'react';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Empty, Input, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { LIGHT_LABELS, LIGHTS, PERIOD_STATUS_LABELS, PERIOD_STATUSES, type Light, type PeriodStatus } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useLabel, useLocale, usePeriodLabel, useTr } from '../../app/i18n.tsx';
import { dashboardApi, type PeriodRow as Row, type PeriodsQuery } from './dashboardApi.ts';
import { DepartmentSelect, LevelSelect, num, PartSelect, UnitOrgSelect, UnitSelect, useProvinceScope, useUrlFilters, YearSelect } from './filters.tsx';
import { LateMark, LightTag, StatusTag } from './widgets.tsx';
import { TaskText } from '../work/components.tsx';

const FILTERS = ['year', 'unitId', 'orgId', 'partId', 'levelCode', 'departmentId', 'status', 'light', 'late', 'q', 'page', 'pageSize', 'order'] as const;

type PeriodRow = Row & { unitName: string };

const isStatus = (v: string | undefined): v is PeriodStatus => !!v && (PERIOD_STATUSES as readonly string[]).includes(v);
const isLight = (v: string | undefined): v is Light => !!v && (LIGHTS as readonly string[]).includes(v);

/**
 * 履责明细: the drill-down — every period in the caller's scope, filtered from the URL. By default
 * in the server's order (what needs doing first: overdue, due soon, open, awaiting review; done
 * last); the due-date column sorts ascending, descending, then back to that default.
 */
export default function PeriodsPage() {
  const tr = useTr();
  const periodLabel = usePeriodLabel();
  const label = useLabel();
  const locale = useLocale();
  const navigate = useNavigate();
  const province = useProvinceScope();
  const [f, set] = useUrlFilters(FILTERS);
  const query: PeriodsQuery = {
    year: num(f.year),
    unitId: num(f.unitId),
    orgId: num(f.orgId),
    partId: num(f.partId),
    levelCode: f.levelCode,
    departmentId: num(f.departmentId),
    status: isStatus(f.status) ? f.status : undefined,
    light: isLight(f.light) ? f.light : undefined,
    late: f.late === '1' || f.late === 'true' ? true : undefined,
    q: f.q,
    order: f.order === 'desc' || f.order === 'asc' ? f.order : undefined,
    page: num(f.page) ?? 1,
    pageSize: Math.min(num(f.pageSize) ?? 20, 200),
  };
  const [search, setSearch] = useState(query.q ?? '');
  useEffect(() => setSearch(f.q ?? ''), [f.q]);

  const list = useQuery({ queryKey: ['dashboard', 'periods', query], queryFn: () => dashboardApi.periods(query), placeholderData: keepPreviousData });
  const year = query.year ?? list.data?.year;
  const units = useQuery({ queryKey: ['dashboard', 'units'], queryFn: () => dashboardApi.units(), staleTime: 600_000 });
  const levels = useQuery({ queryKey: ['levels'], queryFn: () => dashboardApi.levels(), staleTime: 600_000 });
  const levelName = (code: string) => {
    const l = levels.data?.find((x) => x.code === code);
    return l ? (locale === 'en' ? l.nameEn || l.name : l.name) : code;
  };
  const manyUnits = province || (units.data?.length ?? 0) > 1;

  const columns: TableProps<PeriodRow>['columns'] = [
    ...(manyUnits
      ? [{ title: tr('单位', 'Unit'), key: 'unit', width: 120, ellipsis: true, dataIndex: 'unitName' }]
      : []),
    { title: tr('组织', 'Organisation'), dataIndex: 'orgName', key: 'orgName', width: 150, ellipsis: true },
    { title: tr('层级', 'Level'), key: 'level', width: 80, render: (_, r) => levelName(r.levelCode) },
    {
      title: tr('任务', 'Task'),
      key: 'task',
      render: (_, r) => (
        <div>
          <TaskText code={r.taskCode} content={r.taskContent} max={80} />
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {tr(`第${r.partSeq}部分 ${r.partTitle}`, `Part ${r.partSeq} ${r.partTitle}`)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: tr('期次', 'Period'), dataIndex: 'label', key: 'label', width: 80, render: (v: string) => periodLabel(v) },
    {
      title: tr('截止日期', 'Due'),
      key: 'dueOn',
      dataIndex: 'dueOn',
      width: 110,
      sorter: true,
      sortOrder: query.order === 'desc' ? 'descend' : query.order === 'asc' ? 'ascend' : null,
      sortDirections: ['ascend', 'descend'],
    },
    {
      title: tr('状态', 'Status'),
      key: 'status',
      width: 110,
      render: (_, r) => (
        <div>
          <StatusTag status={r.status} />
          {r.submittedAt && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} title={tr('最近提交', 'Last submitted')}>
                {dayjs(r.submittedAt).format('YYYY-MM-DD')}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: tr('时间灯', 'Light'),
      key: 'light',
      width: 130,
      render: (_, r) => (
        <Space size={0} wrap>
          <LightTag light={r.light} />
          <LateMark days={r.lateDays} />
        </Space>
      ),
    },
    { title: tr('记实', 'Records'), dataIndex: 'reportCount', key: 'reportCount', width: 60, align: 'right' },
  ];

  const filtered = FILTERS.some((k) => !['year', 'page', 'pageSize', 'order'].includes(k) && f[k] !== undefined);

  return (
    <Card
      title={tr('履责明细', 'Records')}
      data-testid="periods-page"
      extra={
        <Button icon={<ReloadOutlined />} loading={list.isFetching} onClick={() => void list.refetch()}>
          {tr('刷新', 'Reload')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="periods-filters">
        <YearSelect value={query.year} current={list.data?.year} onChange={(v) => set({ year: v })} />
        {manyUnits && <UnitSelect value={query.unitId} onChange={(v) => set({ unitId: v, orgId: undefined })} />}
        <UnitOrgSelect unitId={query.unitId ?? (units.data?.length === 1 ? units.data[0]?.id : undefined)} value={query.orgId} onChange={(v) => set({ orgId: v })} />
        <PartSelect year={year} value={query.partId} onChange={(v) => set({ partId: v })} />
        <LevelSelect value={query.levelCode} onChange={(v) => set({ levelCode: v })} />
        {province && <DepartmentSelect value={query.departmentId} onChange={(v) => set({ departmentId: v })} />}
        <Select<PeriodStatus>
          allowClear
          data-testid="filter-status"
          value={query.status}
          onChange={(v) => set({ status: v })}
          options={PERIOD_STATUSES.map((s) => ({ value: s, label: label(PERIOD_STATUS_LABELS[s]) }))}
          placeholder={tr('全部状态', 'All statuses')}
          style={{ width: 120 }}
        />
        <Select<Light>
          allowClear
          data-testid="filter-light"
          value={query.light}
          onChange={(v) => set({ light: v })}
          options={LIGHTS.map((l) => ({ value: l, label: label(LIGHT_LABELS[l]) }))}
          placeholder={tr('全部时间灯', 'All lights')}
          style={{ width: 120 }}
        />
        <Checkbox data-testid="filter-late" checked={!!query.late} onChange={(e) => set({ late: e.target.checked ? 1 : undefined })}>
          {tr('只看迟报', 'Late only')}
        </Checkbox>
        <Input.Search
          allowClear
          data-testid="filter-q"
          placeholder={tr('任务内容、编号或组织', 'Task, code or organisation')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 240 }}
        />
        {filtered && (
          <Button onClick={() => set({ unitId: undefined, orgId: undefined, partId: undefined, levelCode: undefined, departmentId: undefined, status: undefined, light: undefined, late: undefined, q: undefined })}>
            {tr('清除筛选', 'Clear filters')}
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 16 }} />}
      <Table<PeriodRow>
        data-testid="periods-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        onRow={(r) => ({ onClick: () => navigate(`/work/periods/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': `period-row-${r.id}` }) as HTMLAttributes<HTMLTableRowElement>}
        locale={{ emptyText: <Empty description={tr('没有符合条件的履责记录', 'No periods match')} /> }}
        onChange={(p, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const order = s?.columnKey === 'dueOn' && s.order ? (s.order === 'descend' ? 'desc' : 'asc') : undefined;
          const size = p.pageSize ?? query.pageSize;
          set({ page: order !== query.order || size !== query.pageSize ? undefined : p.current !== 1 ? p.current : undefined, pageSize: size !== 20 ? size : undefined, order });
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => tr(`共 ${n} 条`, `${n} periods`),
        }}
        scroll={{ x: 1200 }}
      />
    </Card>
  );
}
