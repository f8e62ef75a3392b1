import { useEffect, useMemo, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Space, Spin, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useTr } from '../../app/i18n.tsx';
import { dashboardApi, pct, type OrgMatrix, type Progress } from './dashboardApi.ts';
import { linkTo, num, UnitOrgSelect, UnitSelect, useProvinceScope, useUrlFilters, YearSelect } from './filters.tsx';
import { useOwnUnitIds } from './UnitDashboardPage.tsx';
import { rateBasis } from './chartFormat.ts';
import { TaskText } from '../work/components.tsx';
import { CountLink, Kpi, LightTag, ProgressCell as Cell, RateCell, rateBackground } from './widgets.tsx';

type BranchRow = OrgMatrix['branches'][number] & { byPart: Map<number, Progress> };
type OwnTask = OrgMatrix['own']['tasks'][number];

/** 支部进度: an organ committee's own tasks and its branches × parts matrix. */
export default function OrgMatrixPage() {
  const tr = useTr();
  const navigate = useNavigate();
  const { me } = useAuth();
  const province = useProvinceScope();
  const ownUnits = useOwnUnitIds();
  const [f, set] = useUrlFilters(['unitId', 'orgId', 'year'] as const);
  const organGrants = (me?.grants ?? []).filter((g) => g.role === 'organStaff');
  const wide = province || ownUnits.length > 0;
  const unitId = num(f.unitId) ?? (ownUnits.length === 1 ? ownUnits[0] : undefined);
  const yearParam = num(f.year);

  // A unit-wide caller with no organisation chosen gets the unit's first organ committee (or general branch).
  const unitOrgs = useQuery({ queryKey: ['dashboard', 'unitOrgs', unitId], queryFn: () => dashboardApi.unitOrgs(unitId!), enabled: wide && unitId !== undefined, staleTime: 600_000 });
  const candidates = useMemo(() => {
    const all = unitOrgs.data ?? [];
    const organ = all.filter((o) => o.kind === 'organCommittee');
    const parents = new Set(all.map((o) => o.parentId));
    // general branches that lead branches directly (a unit without an organ committee)
    const general = all.filter((o) => o.kind === 'generalBranch' && parents.has(o.id));
    return [...organ, ...general];
  }, [unitOrgs.data]);
  const defaultOrg = wide ? candidates[0]?.id : organGrants[0]?.orgId;
  const orgId = num(f.orgId) ?? defaultOrg;

  useEffect(() => {
    // keep the linkable URL in step with what is shown
    if (num(f.orgId) === undefined && defaultOrg !== undefined && wide) set({ orgId: defaultOrg, unitId });
  }, [defaultOrg, wide]);

  const matrix = useQuery({
    queryKey: ['dashboard', 'matrix', orgId, yearParam],
    queryFn: () => dashboardApi.matrix(orgId!, yearParam),
    enabled: orgId !== undefined,
    placeholderData: keepPreviousData,
  });
  const data = matrix.data && matrix.data.org.id === orgId ? matrix.data : undefined;
  const year = yearParam ?? data?.year;
  const drill = (more: Record<string, string | number | boolean | undefined>) =>
    navigate(linkTo('/dashboard/periods', { year, unitId, ...more }));
  const partLabel = (seq: number) => tr(`第${seq}部分`, `Part ${seq}`);

  const rows: BranchRow[] = useMemo(() => (data?.branches ?? []).map((b) => ({ ...b, byPart: new Map(b.cells.map((c) => [c.partId, c])) })), [data]);

  const columns: TableProps<BranchRow>['columns'] = [
    {
      title: tr('支部', 'Branch'),
      key: 'orgName',
      fixed: 'left',
      width: 200,
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
    },
    ...(data?.parts ?? []).map((p) => ({
      title: <span title={p.title}>{partLabel(p.seq)}</span>,
      key: `p${p.id}`,
      width: 96,
      align: 'center' as const,
      onCell: (r: BranchRow) => {
        const c = r.byPart.get(p.id);
        return {
          'data-testid': `matrix-cell-${r.id}-${p.id}`,
          style: { background: rateBackground(c && c.total ? pct(c) : null), cursor: c?.total ? 'pointer' : undefined },
          onClick: c?.total ? () => drill({ orgId: r.id, partId: p.id }) : undefined,
        } as HTMLAttributes<HTMLTableCellElement>;
      },
      render: (_: unknown, r: BranchRow) => <Cell p={r.byPart.get(p.id)} />,
    })),
    { title: tr('合计完成率', 'Completion'), key: 'rate', width: 170, render: (_, r) => <RateCell p={r} />, sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1) },
    { title: tr('逾期', 'Overdue'), key: 'overdue', width: 70, align: 'right', render: (_, r) => <CountLink danger n={r.overdue} onClick={() => drill({ orgId: r.id, light: 'red' })} />, sorter: (a, b) => a.overdue - b.overdue },
    { title: tr('迟报', 'Late'), key: 'late', width: 70, align: 'right', render: (_, r) => <CountLink danger n={r.late} onClick={() => drill({ orgId: r.id, late: true })} />, sorter: (a, b) => a.late - b.late },
  ];

  const own = data?.own.totals;
  const ownRate = own ? pct(own) : null;
  const ownColumns: TableProps<OwnTask>['columns'] = [
    {
      title: tr('部分', 'Part'),
      key: 'part',
      width: 90,
      render: (_, r) => {
        const p = data?.parts.find((x) => x.id === r.partId);
        return p ? <span title={p.title}>{partLabel(p.seq)}</span> : null;
      },
    },
    { title: tr('任务', 'Task'), key: 'taskContent', render: (_, r) => <TaskText code={r.taskCode} content={r.taskContent} /> },
    { title: tr('完成率', 'Completion'), key: 'rate', width: 170, render: (_, r) => <RateCell p={r} /> },
    { title: tr('已通过/已到期', 'Approved / due'), key: 'count', width: 120, align: 'center', render: (_, r) => (r.due ? `${r.approvedDue}/${r.due}` : tr('未到期', 'None due')) },
    {
      title: tr('下一期限', 'Next due'),
      key: 'next',
      width: 170,
      render: (_, r) =>
        r.nextDueOn ? (
          <Space size={4}>
            <span>{r.nextDueOn}</span>
            {r.nextLight && <LightTag light={r.nextLight} />}
          </Space>
        ) : (
          <Typography.Text type="secondary">{tr('均已提交', 'All submitted')}</Typography.Text>
        ),
    },
    { title: tr('迟报', 'Late'), key: 'late', width: 70, align: 'right', render: (_, r) => (r.late ? <Typography.Text type="warning">{r.late}</Typography.Text> : <Typography.Text type="secondary">0</Typography.Text>) },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="matrix-page">
      <Card
        title={data ? tr(`支部进度 · ${data.org.name}`, `Branch progress · ${data.org.name}`) : tr('支部进度', 'Branch progress')}
        extra={
          orgId !== undefined ? (
            <Space>
              <Button icon={<UnorderedListOutlined />} onClick={() => drill({})}>
                {tr('履责明细', 'Records')}
              </Button>
              <Button icon={<ReloadOutlined />} loading={matrix.isFetching} onClick={() => void matrix.refetch()} />
            </Space>
          ) : null
        }
      >
        <Space wrap>
          {province && <UnitSelect allowClear={false} value={unitId} onChange={(v) => set({ unitId: v, orgId: undefined })} data-testid="matrix-unit-picker" />}
          {wide && (
            <UnitOrgSelect
              allowClear={false}
              unitId={unitId}
              kinds={['organCommittee', 'generalBranch']}
              value={orgId}
              onChange={(v) => set({ orgId: v, unitId })}
              placeholder={tr('选择机关党委或党总支', 'Choose an organ committee or general branch')}
              data-testid="matrix-org-picker"
              style={{ width: 240 }}
            />
          )}
          <YearSelect value={yearParam} current={data?.year} onChange={(v) => set({ year: v })} />
        </Space>
      </Card>
      {orgId === undefined && !unitOrgs.isLoading && (
        <Card>
          <Empty description={province && unitId === undefined ? tr('请先选择单位', 'Choose a unit') : tr('请选择机关党委或党总支', 'Choose an organ committee or general branch')} />
        </Card>
      )}
      {matrix.error && <Alert type="error" showIcon title={errorMessage(matrix.error)} />}
      {matrix.isLoading && <Spin style={{ display: 'block', padding: 60 }} />}
      {data && (
        <>
          <Card title={tr(`${data.org.name}本级任务`, `${data.org.name}: its own tasks`)} data-testid="matrix-own">
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Kpi testId="matrix-own-completion" title={tr('完成率', 'Completion rate')} value={ownRate === null ? '—' : ownRate} suffix={ownRate === null ? undefined : '%'} hint={own ? rateBasis(tr, own) : undefined} color="#389e0d" />
              </Col>
              <Col xs={12} md={6}>
                <Kpi testId="matrix-own-review" title={tr('待审核', 'Awaiting review')} value={own?.submitted ?? 0} color="#1677ff" />
              </Col>
              <Col xs={12} md={6}>
                <Kpi testId="matrix-own-overdue" title={tr('当前逾期', 'Overdue now')} value={own?.overdue ?? 0} color={own?.overdue ? '#cf1322' : undefined} />
              </Col>
              <Col xs={12} md={6}>
                <Kpi testId="matrix-own-late" title={tr('迟报次数', 'Late submissions')} value={own?.late ?? 0} color={own?.late ? '#d46b08' : undefined} />
              </Col>
            </Row>
            <Table<OwnTask>
              data-testid="matrix-own-tasks"
              style={{ marginTop: 16 }}
              rowKey="assignmentId"
              size="small"
              columns={ownColumns}
              dataSource={data.own.tasks}
              pagination={data.own.tasks.length > 10 ? { pageSize: 10 } : false}
              onRow={(r) => ({ onClick: () => drill({ orgId: data.org.id, q: r.taskCode }), style: { cursor: 'pointer' } })}
              locale={{ emptyText: <Empty description={tr('本级暂无任务', 'No tasks of its own')} /> }}
              scroll={{ x: 800 }}
            />
          </Card>
          <Card
            title={tr('支部 × 部分（已通过/已到期，括号内为全年期次）', 'Branches × parts (approved / due; the year in brackets)')}
            extra={<Typography.Text type="secondary">{tr('点击格子查看明细', 'Click a cell for the records')}</Typography.Text>}
          >
            <Table<BranchRow>
              data-testid="matrix-table"
              rowKey="id"
              size="small"
              bordered
              columns={columns}
              dataSource={rows}
              pagination={rows.length > 30 ? { pageSize: 30 } : false}
              locale={{ emptyText: <Empty description={tr('该组织下没有党支部', 'No branches under this organisation')} /> }}
              summary={() =>
                rows.length > 1 ? (
                  <Table.Summary.Row style={{ background: '#fafafa', fontWeight: 500 }}>
                    <Table.Summary.Cell index={0}>{tr('合计', 'Total')}</Table.Summary.Cell>
                    {data.parts.map((p, i) => (
                      <Table.Summary.Cell key={p.id} index={i + 1} align="center">
                        <Cell p={data.partTotals.find((x) => x.partId === p.id)} />
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={data.parts.length + 1}>
                      <RateCell p={data.branchTotals} />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={data.parts.length + 2} align="right">
                      {data.branchTotals.overdue}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={data.parts.length + 3} align="right">
                      {data.branchTotals.late}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                ) : null
              }
              scroll={{ x: 'max-content' }}
            />
            <Space wrap size={4} style={{ marginTop: 8, fontSize: 12 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {tr('颜色表示完成率：', 'Colour shows completion: ')}
              </Typography.Text>
              {[
                [95, '≥90%'],
                [85, '80–90%'],
                [75, '70–80%'],
                [65, '60–70%'],
                [10, '<60%'],
              ].map(([r, t]) => (
                <span key={t} style={{ background: rateBackground(r as number), padding: '0 6px', border: '1px solid #f0f0f0' }}>
                  {t}
                </span>
              ))}
            </Space>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              {data.parts.map((p) => `${partLabel(p.seq)} ${p.title}`).join('；')}
            </Typography.Paragraph>
          </Card>
        </>
      )}
    </Space>
  );
}
