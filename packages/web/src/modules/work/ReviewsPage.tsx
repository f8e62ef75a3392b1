import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Segmented, Select, Space, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Level } from '@qingdan/core';
import { api, type Page } from '../../app/api.ts';
import { PagedTable, usePaged } from '../../app/paged.tsx';
import { useLocale, usePeriodLabel, useTr } from '../../app/i18n.tsx';
import { LateTag, PeriodStatusTag, SearchFilter, TaskText, UnitSelect, useIssuedLists, useMyUnits, YearSelect } from './components.tsx';
import { workApi, type QueueStatus, type ReviewItem, type ReviewsQuery } from './workApi.ts';

/** 审核: the periods the caller reviews — awaiting review by default, or all of them. */
export default function ReviewsPage() {
  const tr = useTr();
  const periodLabel = usePeriodLabel();
  const locale = useLocale();
  const navigate = useNavigate();
  const lists = useIssuedLists();
  const { provinceWide } = useMyUnits();
  const paged = usePaged<ReviewsQuery, ReviewItem>(['workReviews'], { page: 1, pageSize: 20, status: 'submitted' }, workApi.reviews);
  const { query, set } = paged;
  const levels = useQuery({ queryKey: ['levels'], queryFn: () => api.get<Page<Level>>('/api/levels'), staleTime: 600_000 });
  const filtered = !!(query.year || query.levelCode || query.unitId || query.q);
  const open = (r: ReviewItem) => navigate(`/work/periods/${r.periodId}`);

  const columns: TableProps<ReviewItem>['columns'] = [
    {
      title: tr('组织', 'Organisation'),
      key: 'org',
      width: 220,
      render: (_, r) => (
        <div>
          <div>{r.orgName}</div>
          {r.unitName && r.unitName !== r.orgName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.unitName}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: tr('任务', 'Task'),
      key: 'task',
      render: (_, r) => (
        <div>
          <Typography.Link onClick={() => open(r)} data-testid="review-link">
            <TaskText code={r.taskCode} content={r.taskContent} />
          </Typography.Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.levelName} · {r.partTitle}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: tr('期次', 'Period'), key: 'label', width: 120, render: (_, r) => `${r.year} ${periodLabel(r.label)}` },
    { title: tr('截止日期', 'Due'), dataIndex: 'dueOn', key: 'dueOn', width: 110 },
    {
      title: tr('提交', 'Submitted'),
      key: 'submittedAt',
      width: 160,
      render: (_, r) => (
        <div>
          <div>{r.submittedAt ? dayjs(r.submittedAt).format('YYYY-MM-DD HH:mm') : '—'}</div>
          {r.submittedByName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.submittedByName}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: tr('迟报', 'Late'),
      key: 'late',
      width: 100,
      render: (_, r) => (r.lateDays > 0 ? <LateTag lateDays={r.lateDays} /> : '—'),
    },
    { title: tr('记实', 'Records'), dataIndex: 'reportCount', key: 'reportCount', width: 70, align: 'right' },
    { title: tr('状态', 'Status'), dataIndex: 'status', key: 'status', width: 100, render: (s: ReviewItem['status']) => <PeriodStatusTag status={s} /> },
  ];

  const empty = (
    <Empty
      description={
        filtered
          ? tr('没有符合条件的记录', 'Nothing matches')
          : query.status === 'submitted'
            ? tr('没有待审核的任务', 'Nothing awaits your review')
            : query.status === 'all'
              ? tr('还没有提交给您审核的任务', 'Nothing has been submitted to you yet')
              : tr('没有符合条件的记录', 'Nothing matches')
      }
    />
  );

  return (
    <Card
      title={tr('审核', 'Reviews')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={paged.reload}>
          {tr('刷新', 'Reload')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<QueueStatus>
          value={query.status}
          onChange={(v) => set({ status: v })}
          options={[
            { value: 'submitted', label: tr('待审核', 'Awaiting review') },
            { value: 'returned', label: tr('已退回', 'Returned') },
            { value: 'approved', label: tr('已通过', 'Approved') },
            { value: 'all', label: tr('全部', 'All') },
          ]}
          data-testid="reviews-scope"
        />
        <YearSelect years={[...new Set((lists.data ?? []).map((l) => l.year))]} value={query.year} onChange={(y) => set({ year: y })} />
        <Select<string>
          allowClear
          placeholder={tr('全部层级', 'All levels')}
          value={query.levelCode}
          onChange={(v) => set({ levelCode: v ?? undefined })}
          options={(levels.data?.items ?? []).map((l) => ({ value: l.code, label: locale === 'en' ? l.nameEn : l.name }))}
          style={{ width: 150 }}
          data-testid="filter-level"
        />
        {provinceWide && <UnitSelect value={query.unitId} onChange={(u) => set({ unitId: u })} allowClear />}
        <SearchFilter onSearch={(q) => set({ q })} />
      </Space>
      <PagedTable<ReviewsQuery, ReviewItem>
        paged={paged}
        totalText={(n) => tr(`共 ${n} 项`, `${n} periods`)}
        rowKey="periodId"
        columns={columns}
        locale={{ emptyText: empty }}
        onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' } })}
        scroll={{ x: 960 }}
        data-testid="reviews-table"
      />
    </Card>
  );
}
