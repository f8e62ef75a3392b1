import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, FileExcelOutlined, ReloadOutlined, TableOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { LIGHT_LABELS, LIGHTS, ORG_KIND_LABELS, ROLE_DEFINITIONS, roleHas, unitPathOf, type OrgKind } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useLocale, useTr } from '../../app/i18n.tsx';
import { dashboardApi, pct, sumProgress, type UnitDashboard } from './dashboardApi.ts';
import { EChart, type ChartOption } from './EChart.tsx';
import { rateBar, rateBarsTooltip, rateBasis } from './chartFormat.ts';
import { linkTo, num, UnitSelect, useProvinceScope, useUrlFilters, YearSelect } from './filters.tsx';
import { CountLink, Kpi, LIGHT_COLORS, ProgressCell, RateCell, rateBackground } from './widgets.tsx';

type OrgRow = UnitDashboard['orgs'][number];

/**
 * The units the caller's grants reach as a whole (a grant on the unit node, or a leadership
 * member's unit-wide grant): id of the unit node from the grant's path.
 */
export function useOwnUnitIds(): number[] {
  const { me } = useAuth();
  const ids = new Set<number>();
  for (const g of me?.grants ?? []) {
    if (!roleHas(g.role, 'work.read')) continue;
    const segs = g.orgPath.split('/').filter(Boolean);
    if (segs.length < 2) continue;
    const reachesUnit = segs.length === 2 || ROLE_DEFINITIONS[g.role].reach === 'unit';
    if (reachesUnit) ids.add(Number(unitPathOf(g.orgPath).split('/').filter(Boolean)[1]));
  }
  return [...ids];
}

/** 单位进度: one unit's progress by level × part and by organisation, with the ledger and evidence downloads. */
export default function UnitDashboardPage() {
  const tr = useTr();
  const label = useLabel();
  const locale = useLocale();
  const navigate = useNavigate();
  const province = useProvinceScope();
  const own = useOwnUnitIds();
  const [f, set] = useUrlFilters(['unitId', 'year'] as const);
  const unitId = num(f.unitId) ?? (own.length === 1 ? own[0] : undefined);
  const yearParam = num(f.year);
  const dash = useQuery({
    queryKey: ['dashboard', 'unit', unitId, yearParam],
    queryFn: () => dashboardApi.unit(unitId!, yearParam),
    enabled: unitId !== undefined,
    placeholderData: keepPreviousData,
  });
  const data = dash.data && dash.data.unit.id === unitId ? dash.data : undefined;
  const year = yearParam ?? data?.year;
  const drill = (more: Record<string, string | number | boolean | undefined>) => navigate(linkTo('/dashboard/periods', { year, unitId, ...more }));
  const levelName = (code: string | null) => {
    const l = data?.levels.find((x) => x.code === code);
    return l ? (locale === 'en' ? l.nameEn || l.name : l.name) : (code ?? '');
  };
  const partLabel = (seq: number) => tr(`第${seq}部分`, `Part ${seq}`);

  const chart = useMemo<ChartOption | null>(() => {
    if (!data || !data.byLevelPart.length) return null;
    const levels = data.levels.filter((l) => data.byLevelPart.some((c) => c.levelCode === l.code));
    return {
      color: ['#c0161d', '#fa8c16', '#1677ff', '#13c2c2'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: rateBarsTooltip(tr) },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.parts.map((p) => partLabel(p.seq)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: levels.map((l) => ({
        type: 'bar',
        name: locale === 'en' ? l.nameEn || l.name : l.name,
        barMaxWidth: 22,
        data: data.parts.map((p) => {
          const c = data.byLevelPart.find((x) => x.levelCode === l.code && x.partId === p.id);
          // No tasks of this level in the part: no bar; tasks but nothing due yet: 未到期.
          return c ? { ...rateBar(tr, c), partId: p.id, levelCode: l.code } : { value: null, partId: p.id, levelCode: l.code };
        }),
      })),
    } as ChartOption;
  }, [data, locale]);

  /** Level × part table: one row per level, a cell per part with approved/total and the rate colour. */
  const levelRows = useMemo(() => {
    if (!data) return [];
    const levels = data.levels.filter((l) => data.byLevelPart.some((c) => c.levelCode === l.code));
    return levels.map((l) => {
      const cells = data.byLevelPart.filter((c) => c.levelCode === l.code);
      const sum = data.byLevel.find((b) => b.levelCode === l.code) ?? sumProgress(cells);
      return { ...sum, levelCode: l.code, cells };
    });
  }, [data]);
  type LevelRow = (typeof levelRows)[number];
  const levelColumns: TableProps<LevelRow>['columns'] = [
    { title: tr('层级', 'Level'), key: 'level', width: 110, fixed: 'left', render: (_, r) => levelName(r.levelCode) },
    ...(data?.parts ?? []).map((p) => ({
      title: <span title={p.title}>{partLabel(p.seq)}</span>,
      key: `p${p.id}`,
      width: 100,
      align: 'center' as const,
      onCell: (r: LevelRow) => {
        const c = r.cells.find((x) => x.partId === p.id);
        return { style: { background: rateBackground(c ? pct(c) : null), cursor: c ? 'pointer' : undefined }, onClick: c ? () => drill({ levelCode: r.levelCode, partId: p.id }) : undefined };
      },
      render: (_: unknown, r: LevelRow) => {
        const c = r.cells.find((x) => x.partId === p.id);
        return <ProgressCell p={c} />;
      },
    })),
    { title: tr('合计', 'Total'), key: 'rate', width: 170, render: (_, r) => <RateCell p={r} /> },
  ];

  const orgColumns: TableProps<OrgRow>['columns'] = [
    {
      title: tr('组织', 'Organisation'),
      key: 'orgName',
      render: (_, r) => (
        <Space size={4}>
          <span>{r.name}</span>
          {r.kind in ORG_KIND_LABELS && <Tag>{label(ORG_KIND_LABELS[r.kind as OrgKind])}</Tag>}
        </Space>
      ),
    },
    { title: tr('层级', 'Level'), key: 'level', width: 100, render: (_, r) => levelName(r.levelCode) },
    { title: tr('完成率', 'Completion'), key: 'rate', width: 180, render: (_, r) => <RateCell p={r} />, sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1) },
    { title: tr('任务期次', 'Periods'), dataIndex: 'total', key: 'total', width: 90, align: 'right', sorter: (a, b) => a.total - b.total },
    { title: tr('已通过', 'Approved'), key: 'approved', width: 80, align: 'right', render: (_, r) => <CountLink n={r.approved} onClick={() => drill({ orgId: r.id, status: 'approved' })} /> },
    { title: tr('待审核', 'To review'), key: 'submitted', width: 80, align: 'right', render: (_, r) => <CountLink n={r.submitted} onClick={() => drill({ orgId: r.id, status: 'submitted' })} /> },
    { title: tr('已退回', 'Returned'), key: 'returned', width: 80, align: 'right', render: (_, r) => <CountLink n={r.returned} onClick={() => drill({ orgId: r.id, status: 'returned' })} /> },
    { title: tr('逾期', 'Overdue'), key: 'overdue', width: 80, align: 'right', sorter: (a, b) => a.overdue - b.overdue, render: (_, r) => <CountLink danger n={r.overdue} onClick={() => drill({ orgId: r.id, light: 'red' })} /> },
    { title: tr('迟报', 'Late'), key: 'late', width: 80, align: 'right', sorter: (a, b) => a.late - b.late, render: (_, r) => <CountLink danger n={r.late} onClick={() => drill({ orgId: r.id, late: true })} /> },
  ];

  const t = data?.totals;
  const rate = t ? pct(t) : null;
  const picker = province || own.length > 1 || (unitId !== undefined && !own.includes(unitId));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="unit-page">
      <Card
        title={data ? tr(`单位进度 · ${data.unit.name}`, `Unit progress · ${data.unit.name}`) : tr('单位进度', 'Unit progress')}
        extra={
          unitId !== undefined && year !== undefined ? (
            <Space wrap>
              <Button icon={<UnorderedListOutlined />} onClick={() => drill({})}>
                {tr('履责明细', 'Records')}
              </Button>
              <Button icon={<TableOutlined />} onClick={() => navigate(linkTo('/dashboard/matrix', { unitId, year }))}>
                {tr('支部进度', 'Branch progress')}
              </Button>
              <Button icon={<FileExcelOutlined />} href={dashboardApi.ledgerUrl(unitId, year)} data-testid="unit-ledger">
                {tr('导出电子台账', 'Export ledger')}
              </Button>
              <Button icon={<DownloadOutlined />} href={dashboardApi.evidenceUrl(unitId, year)} data-testid="unit-evidence">
                {tr('下载佐证材料', 'Download evidence')}
              </Button>
              <Button icon={<ReloadOutlined />} loading={dash.isFetching} onClick={() => void dash.refetch()} />
            </Space>
          ) : null
        }
      >
        <Space wrap>
          {picker && <UnitSelect allowClear={false} value={unitId} onChange={(v) => set({ unitId: v })} data-testid="unit-picker" style={{ width: 260 }} />}
          <YearSelect value={yearParam} current={data?.year} onChange={(v) => set({ year: v })} />
        </Space>
      </Card>
      {unitId === undefined && (
        <Card>
          <Empty description={tr('请选择一个单位', 'Choose a unit')} />
        </Card>
      )}
      {dash.error && <Alert type="error" showIcon title={errorMessage(dash.error)} />}
      {dash.isLoading && <Spin style={{ display: 'block', padding: 60 }} />}
      {data && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Kpi testId="unit-kpi-completion" title={tr('完成率', 'Completion rate')} value={rate === null ? '—' : rate} suffix={rate === null ? undefined : '%'} hint={t ? rateBasis(tr, t) : undefined} color="#389e0d" />
            </Col>
            <Col xs={12} md={6}>
              <Kpi testId="unit-kpi-review" title={tr('待审核', 'Awaiting review')} value={t?.submitted ?? 0} color="#1677ff" />
            </Col>
            <Col xs={12} md={6}>
              <Kpi testId="unit-kpi-overdue" title={tr('当前逾期', 'Overdue now')} value={t?.overdue ?? 0} color={t?.overdue ? '#cf1322' : undefined} />
            </Col>
            <Col xs={12} md={6}>
              <Kpi testId="unit-kpi-late" title={tr('迟报次数', 'Late submissions')} value={t?.late ?? 0} color={t?.late ? '#d46b08' : undefined} hint={data.lates.maxDays ? tr(`最长迟报 ${data.lates.maxDays} 天`, `Longest: ${data.lates.maxDays} days`) : undefined} />
            </Col>
          </Row>
          {data.lights && (
            <Card size="small" data-testid="unit-lights">
              <Space wrap>
                <Typography.Text type="secondary">{tr('时间灯', 'Lights')}：</Typography.Text>
                {LIGHTS.map((l) => (
                  <Tag key={l} color={LIGHT_COLORS[l]} style={{ cursor: 'pointer' }} onClick={() => drill({ light: l })}>
                    {label(LIGHT_LABELS[l])} {data.lights[l] ?? 0}
                  </Tag>
                ))}
              </Space>
            </Card>
          )}
          {!data.totals.total ? (
            <Card>
              <Empty description={tr(`${data.year}年本单位暂无下发的任务`, `No tasks distributed to this unit in ${data.year}`)} />
            </Card>
          ) : (
            <>
              <Row gutter={[16, 16]}>
                <Col xs={24} xxl={10}>
                  <Card title={tr('各层级各部分完成率', 'Completion by level and part')} style={{ height: '100%' }}>
                    {chart && (
                      <EChart
                        data-testid="unit-level-chart"
                        ariaLabel={tr('层级 × 部分完成率柱状图', 'Bar chart of completion by level and part')}
                        option={chart}
                        height={280}
                        onClick={(e) => {
                          const d = e.data as { partId?: number; levelCode?: string } | undefined;
                          if (d?.partId) drill({ partId: d.partId, levelCode: d.levelCode });
                        }}
                      />
                    )}
                  </Card>
                </Col>
                <Col xs={24} xxl={14}>
                  <Card title={tr('层级 × 部分（已通过/已到期，括号内为全年期次）', 'Level × part (approved / due; the year in brackets)')} style={{ height: '100%' }}>
                    <Table<LevelRow> data-testid="unit-level-table" rowKey="levelCode" size="small" pagination={false} columns={levelColumns} dataSource={levelRows} scroll={{ x: 'max-content' }} />
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                      {data.parts.map((p) => `${partLabel(p.seq)} ${p.title}`).join('；')}
                    </Typography.Paragraph>
                  </Card>
                </Col>
              </Row>
              <Card title={tr('各组织进度', 'Progress by organisation')}>
                <Table<OrgRow>
                  data-testid="unit-org-table"
                  rowKey="id"
                  size="small"
                  columns={orgColumns}
                  dataSource={data.orgs}
                  pagination={data.orgs.length > 20 ? { pageSize: 20, showSizeChanger: true } : false}
                  onRow={(r) => ({ onClick: () => drill({ orgId: r.id }), style: { cursor: 'pointer' } })}
                  locale={{ emptyText: <Empty description={tr('暂无组织', 'No organisations')} /> }}
                  scroll={{ x: 900 }}
                />
              </Card>
            </>
          )}
        </>
      )}
    </Space>
  );
}
