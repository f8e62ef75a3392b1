import { useMemo, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Space, Spin, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { roleHas } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useLocale, useTr } from '../../app/i18n.tsx';
import { dashboardApi, pct, sumProgress, type Overview } from './dashboardApi.ts';
import { EChart, type ChartOption } from './EChart.tsx';
import { heatmapLabel, heatmapTooltip, heatValue, rateBar, rateBarsTooltip, rateBasis, type HeatPoint } from './chartFormat.ts';
import { DepartmentSelect, LevelSelect, linkTo, num, PartSelect, UnitSelect, useProvinceScope, useUrlFilters, YearSelect } from './filters.tsx';
import { CountLink, Kpi, RATE_PIECES, RateCell } from './widgets.tsx';

type UnitRow = Overview['units'][number];

const FILTERS = ['year', 'partId', 'levelCode', 'departmentId', 'unitId'] as const;

/** 全省总览: the committee's view of every unit — KPIs, unit × part heat map, level × part bars, ranked units. */
export default function OverviewPage() {
  const tr = useTr();
  const locale = useLocale();
  const navigate = useNavigate();
  const province = useProvinceScope();
  const { me } = useAuth();
  // What a narrower scope covers, by name (a branch secretary's is the branch, not the unit).
  const scopeNames = [...new Set((me?.grants ?? []).filter((g) => roleHas(g.role, 'work.read')).map((g) => g.orgName))].join('、');
  const [f, set] = useUrlFilters(FILTERS);
  const query = { year: num(f.year), partId: num(f.partId), levelCode: f.levelCode, departmentId: num(f.departmentId), unitId: num(f.unitId) };
  const overview = useQuery({ queryKey: ['dashboard', 'overview', query], queryFn: () => dashboardApi.overview(query), placeholderData: keepPreviousData });
  const data = overview.data;
  const year = query.year ?? data?.year;
  /** The drill-down with the page's filters and more. */
  const drill = (more: Record<string, string | number | boolean | undefined>) =>
    navigate(linkTo('/dashboard/periods', { year, partId: query.partId, levelCode: query.levelCode, departmentId: query.departmentId, unitId: query.unitId, ...more }));

  const partName = (id: number) => {
    const p = data?.parts.find((x) => x.id === id);
    return p ? tr(`第${p.seq}部分 ${p.title}`, `Part ${p.seq} ${p.title}`) : String(id);
  };
  const levelName = (code: string) => {
    const l = data?.levels.find((x) => x.code === code);
    return l ? (locale === 'en' ? l.nameEn || l.name : l.name) : code;
  };

  const rows: UnitRow[] = data?.units ?? [];

  const heatmap = useMemo<ChartOption | null>(() => {
    if (!data || !data.units.length || !data.parts.length) return null;
    const parts = data.parts;
    const units = data.units;
    const points: HeatPoint[] = [];
    units.forEach((u, y) =>
      parts.forEach((p, x) => {
        const c = u.byPart.find((b) => b.partId === p.id);
        points.push({ value: [x, y, heatValue(c?.rate ?? null)], unitId: u.id, partId: p.id, approvedDue: c?.approvedDue ?? 0, due: c?.due ?? 0, total: c?.total ?? 0 });
      }),
    );
    const many = units.length > 20;
    return {
      tooltip: { formatter: heatmapTooltip(tr, units, parts) },
      grid: { left: 8, right: many ? 40 : 16, top: 8, bottom: 64, containLabel: true },
      xAxis: { type: 'category', data: parts.map((p) => tr(`第${p.seq}部分`, `Part ${p.seq}`)), splitArea: { show: true }, axisLabel: { interval: 0 } },
      yAxis: { type: 'category', data: units.map((u) => u.shortName || u.name), inverse: true, splitArea: { show: true }, axisLabel: { width: 150, overflow: 'truncate' } },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        pieces: RATE_PIECES.map((p) => ({ ...p, label: p.lte === 100 ? `≥${p.gte}%` : p.gte === 0 ? `<${p.lt}%` : `${p.gte}–${p.lt}%` })),
      },
      dataZoom: many ? [{ type: 'slider', yAxisIndex: 0, right: 4, width: 16, startValue: 0, endValue: 19, zoomLock: true, showDetail: false }, { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true }] : [],
      series: [{ type: 'heatmap', data: points, label: { show: true, formatter: heatmapLabel }, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } }],
    } as ChartOption;
  }, [data, tr]);

  const bars = useMemo<ChartOption | null>(() => {
    if (!data || !data.cells.length) return null;
    const parts = data.parts;
    const levels = data.levels.filter((l) => data.cells.some((c) => c.levelCode === l.code));
    const colors = ['#c0161d', '#fa8c16', '#1677ff', '#13c2c2'];
    return {
      color: colors,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: rateBarsTooltip(tr) },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: parts.map((p) => tr(`第${p.seq}部分`, `Part ${p.seq}`)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: levels.map((l) => ({
        type: 'bar',
        name: levelName(l.code),
        barMaxWidth: 22,
        data: parts.map((p) => {
          const c = sumProgress(data.cells.filter((x) => x.levelCode === l.code && x.partId === p.id));
          return { ...rateBar(tr, c), partId: p.id, levelCode: l.code };
        }),
      })),
    } as ChartOption;
  }, [data, tr, locale]);

  const columns: TableProps<UnitRow>['columns'] = [
    { title: tr('排名', 'Rank'), dataIndex: 'rank', key: 'rank', width: 70, sorter: (a, b) => a.rank - b.rank },
    { title: tr('单位', 'Unit'), dataIndex: 'name', key: 'name', width: 220, ellipsis: true, sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    { title: tr('完成率', 'Completion'), key: 'rate', width: 190, render: (_, r) => <RateCell p={r} />, sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1) },
    { title: tr('已到期', 'Due'), dataIndex: 'due', key: 'due', width: 90, align: 'right', sorter: (a, b) => a.due - b.due },
    { title: tr('其中已通过', 'Of which approved'), dataIndex: 'approvedDue', key: 'approvedDue', width: 100, align: 'right', sorter: (a, b) => a.approvedDue - b.approvedDue },
    { title: tr('待审核', 'To review'), key: 'submitted', width: 90, align: 'right', sorter: (a, b) => a.submitted - b.submitted, render: (_, r) => <CountLink n={r.submitted} onClick={() => drill({ unitId: r.id, status: 'submitted' })} /> },
    { title: tr('当前逾期', 'Overdue'), key: 'overdue', width: 100, align: 'right', sorter: (a, b) => a.overdue - b.overdue, render: (_, r) => <CountLink danger n={r.overdue} onClick={() => drill({ unitId: r.id, light: 'red' })} /> },
    { title: tr('迟报', 'Late'), key: 'late', width: 80, align: 'right', sorter: (a, b) => a.late - b.late, render: (_, r) => <CountLink danger n={r.late} onClick={() => drill({ unitId: r.id, late: true })} /> },
  ];

  const t = data?.province;
  const rate = t ? pct(t) : null;
  const filtered = FILTERS.some((k) => k !== 'year' && f[k] !== undefined);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="overview-page">
      <Card
        title={tr('全省总览', 'Province overview')}
        extra={
          <Space>
            <Button icon={<UnorderedListOutlined />} onClick={() => drill({})}>
              {tr('履责明细', 'Records')}
            </Button>
            <Button icon={<ReloadOutlined />} loading={overview.isFetching} onClick={() => void overview.refetch()}>
              {tr('刷新', 'Reload')}
            </Button>
          </Space>
        }
      >
        <Space wrap data-testid="overview-filters">
          <YearSelect value={query.year} current={data?.year} onChange={(v) => set({ year: v })} />
          <PartSelect year={year} value={query.partId} onChange={(v) => set({ partId: v })} />
          <LevelSelect value={query.levelCode} onChange={(v) => set({ levelCode: v })} />
          {province && <DepartmentSelect value={query.departmentId} onChange={(v) => set({ departmentId: v })} />}
          {province && <UnitSelect value={query.unitId} onChange={(v) => set({ unitId: v })} />}
          {filtered && <Button onClick={() => set({ partId: undefined, levelCode: undefined, departmentId: undefined, unitId: undefined })}>{tr('清除筛选', 'Clear filters')}</Button>}
        </Space>
        {!province && (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {tr(`您的权限范围是${scopeNames}，总览只显示其中的数据。`, `Your scope is ${scopeNames}: the overview shows its figures only.`)}
          </Typography.Paragraph>
        )}
      </Card>
      {overview.error && <Alert type="error" showIcon title={errorMessage(overview.error)} />}
      {overview.isLoading && <Spin style={{ display: 'block', padding: 60 }} />}
      {data && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={8} xl={4}>
              <Kpi testId="overview-kpi-units" title={tr('单位数', 'Units')} value={data.units.length} />
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Kpi testId="overview-kpi-completion" title={tr('完成率', 'Completion rate')} value={rate === null ? '—' : rate} suffix={rate === null ? undefined : '%'} hint={t ? rateBasis(tr, t) : undefined} color="#389e0d" />
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Kpi testId="overview-kpi-overdue" title={tr('当前逾期', 'Overdue now')} value={t?.overdue ?? 0} color={t?.overdue ? '#cf1322' : undefined} hint={tr('未提交且已过期限', 'Open and past due')} />
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Kpi testId="overview-kpi-late" title={tr('迟报次数', 'Late submissions')} value={t?.late ?? 0} color={t?.late ? '#d46b08' : undefined} hint={tr('超过期限提交，通过后仍保留标记', 'Marked when late, kept after approval')} />
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Kpi testId="overview-kpi-review" title={tr('待审核', 'Awaiting review')} value={t?.submitted ?? 0} color="#1677ff" />
            </Col>
          </Row>
          {!data.province.total ? (
            <Card>
              <Empty description={tr(`${data.year}年暂无下发的任务`, `No distributed tasks in ${data.year}`)} />
            </Card>
          ) : (
            <>
              <Card title={tr('各单位各部分完成率', 'Completion by unit and part')} extra={<Typography.Text type="secondary">{tr('点击格子查看明细', 'Click a cell for the records')}</Typography.Text>}>
                {heatmap && (
                  <EChart
                    data-testid="overview-heatmap"
                    ariaLabel={tr('单位 × 部分完成率热力图', 'Heat map of completion by unit and part')}
                    option={heatmap}
                    height={Math.min(rows.length, 20) * 30 + 110}
                    onClick={(e) => {
                      const d = e.data as { unitId?: number; partId?: number } | undefined;
                      if (d?.unitId && d.partId) drill({ unitId: d.unitId, partId: d.partId });
                    }}
                  />
                )}
              </Card>
              <Row gutter={[16, 16]}>
                <Col xs={24}>
                  <Card title={tr('各层级各部分完成率', 'Completion by level and part')} style={{ height: '100%' }}>
                    {bars ? (
                      <EChart
                        data-testid="overview-level-chart"
                        ariaLabel={tr('层级 × 部分完成率柱状图', 'Bar chart of completion by level and part')}
                        option={bars}
                        height={280}
                        onClick={(e) => {
                          const d = e.data as { partId?: number; levelCode?: string } | undefined;
                          if (d?.partId) drill({ partId: d.partId, levelCode: d.levelCode });
                        }}
                      />
                    ) : (
                      <Empty />
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {data.parts.map((p) => partName(p.id)).join('；')}
                    </Typography.Text>
                  </Card>
                </Col>
                <Col xs={24}>
                  <Card title={tr('单位排名', 'Units ranked')}>
                    <Table<UnitRow>
                      data-testid="overview-unit-table"
                      rowKey="id"
                      size="small"
                      columns={columns}
                      dataSource={rows}
                      pagination={{ pageSize: 10, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], showTotal: (n) => tr(`共 ${n} 个单位`, `${n} units`) }}
                      onRow={(r) => ({ onClick: () => navigate(linkTo('/dashboard/unit', { unitId: r.id, year })), style: { cursor: 'pointer' }, 'data-testid': `overview-unit-${r.id}` }) as HTMLAttributes<HTMLTableRowElement>}
                      locale={{ emptyText: <Empty description={tr('没有符合条件的单位', 'No units match')} /> }}
                      scroll={{ x: 760 }}
                    />
                  </Card>
                </Col>
              </Row>
            </>
          )}
        </>
      )}
    </Space>
  );
}
