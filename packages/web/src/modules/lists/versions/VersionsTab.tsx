import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, List, Row, Select, Space, Spin, Statistic, Tabs, Tag, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { FREQUENCY_LABELS, LIST_STATUS_LABELS, type ComparedField, type DiffOp, type DueRule, type FieldChange, type Frequency, type ListStatus, type MoveKind, type TaskSide } from '@qingdan/core';
import { errorMessage } from '../../../app/api.ts';
import { useLabel, useLocale, useTr } from '../../../app/i18n.tsx';
import { orgApi } from '../../org/orgApi.ts';
import { versionsApi, type VersionComparison } from './versionsApi.ts';

const FIELD_LABELS: Record<ComparedField, { zh: string; en: string }> = {
  content: { zh: '任务内容', en: 'Task' },
  requirements: { zh: '工作要求', en: 'Requirements' },
  frequency: { zh: '频次', en: 'Frequency' },
  dueRule: { zh: '完成时限', en: 'Due' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  reviewerOrgId: { zh: '审核部门', en: 'Reviewer' },
  weight: { zh: '分值', en: 'Weight' },
  sourceItemIds: { zh: '来源依据', en: 'Sources' },
};

const MOVE_LABELS: Record<MoveKind, { zh: string; en: string }> = {
  part: { zh: '调整部分', en: 'Other part' },
  section: { zh: '调整小节', en: 'Other section' },
  level: { zh: '调整层级', en: 'Other level' },
  position: { zh: '调整顺序', en: 'Reordered' },
};

const insStyle = { background: '#d9f7be', color: '#135200', textDecoration: 'none', borderRadius: 2 } as const;
const delStyle = { background: '#ffccc7', color: '#a8071a', textDecoration: 'line-through', borderRadius: 2 } as const;

/** A character diff inline: insertions green, deletions red and struck through. */
export function InlineDiff({ ops }: { ops: DiffOp[] }) {
  return (
    <span style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9 }}>
      {ops.map((o, i) =>
        o.op === 'equal' ? (
          <span key={i}>{o.text}</span>
        ) : o.op === 'insert' ? (
          <ins key={i} style={insStyle}>
            {o.text}
          </ins>
        ) : (
          <del key={i} style={delStyle}>
            {o.text}
          </del>
        ),
      )}
    </span>
  );
}

function useDueText() {
  const tr = useTr();
  return (v: unknown): string => {
    const r = v as DueRule | null;
    if (!r || typeof r !== 'object') return '';
    if (r.kind === 'date') return tr(`${r.date} 前`, `By ${r.date}`);
    if (r.kind === 'afterPeriodEnd') return r.days === 0 ? tr('每期末', 'End of each period') : tr(`每期结束后 ${r.days} 日内`, `Within ${r.days} days after each period`);
    return tr('年底前', 'By year end');
  };
}

/** `--` and `+` of one changed field. */
function FieldValue({ change, data }: { change: FieldChange; data: VersionComparison }) {
  const tr = useTr();
  const label = useLabel();
  const due = useDueText();
  if (change.diff) return <InlineDiff ops={change.diff} />;
  const show = (v: unknown): ReactNode => {
    if (v === null || v === undefined || v === '') return <Typography.Text type="secondary">{tr('（无）', '(none)')}</Typography.Text>;
    switch (change.field) {
      case 'frequency':
        return label(FREQUENCY_LABELS[v as Frequency]) || String(v);
      case 'dueRule':
        return due(v);
      case 'reviewerOrgId':
        return data.orgNames[String(v)] ?? `#${String(v)}`;
      case 'weight':
        return String(Number(v));
      default:
        return String(v);
    }
  };
  if (change.field === 'sourceItemIds') {
    const before = new Set((change.before as number[] | null) ?? []);
    const after = new Set((change.after as number[] | null) ?? []);
    const name = (id: number) => {
      const s = data.sourceItems[String(id)];
      return s ? `${s.label ? s.label + ' ' : ''}${s.text.length > 30 ? s.text.slice(0, 30) + '…' : s.text}` : `#${id}`;
    };
    return (
      <Space orientation="vertical" size={2}>
        {[...after].filter((x) => !before.has(x)).map((x) => (
          <span key={`a${x}`}>
            <Tag color="success">+</Tag>
            <ins style={insStyle}>{name(x)}</ins>
          </span>
        ))}
        {[...before].filter((x) => !after.has(x)).map((x) => (
          <span key={`d${x}`}>
            <Tag color="error">−</Tag>
            <del style={delStyle}>{name(x)}</del>
          </span>
        ))}
      </Space>
    );
  }
  return (
    <span>
      <del style={delStyle}>{show(change.before)}</del>
      <span style={{ margin: '0 8px' }}>→</span>
      <ins style={insStyle}>{show(change.after)}</ins>
    </span>
  );
}

/** 第N项 · 部分 · 层级 */
function TaskPlace({ t, levelName }: { t: TaskSide; levelName: (code: string) => string }) {
  const tr = useTr();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {tr(`第${t.number}项`, `No. ${t.number}`)} · {t.partSeq}. {t.partTitle}
      {t.sectionTitle ? ` · ${t.sectionTitle}` : ''} · {levelName(t.levelCode)} · {t.code}
    </Typography.Text>
  );
}

type VersionOption = { value: string; label: string };

/** 版本比对: two versions of this list (snapshots, the current state) or another year's list, compared. */
export default function VersionsTab({ listId }: { listId: number }) {
  const tr = useTr();
  const label = useLabel();
  const locale = useLocale();
  const snapshots = useQuery({ queryKey: ['lists', listId, 'snapshots'], queryFn: () => versionsApi.snapshots(listId), retry: false });
  const lists = useQuery({ queryKey: ['lists', 'all-years'], queryFn: () => versionsApi.lists(), retry: false, staleTime: 60_000 });
  const levels = useQuery({ queryKey: ['levels'], queryFn: () => orgApi.levels(), staleTime: 600_000 });
  const levelName = (code: string) => {
    const l = levels.data?.items.find((x) => x.code === code);
    return l ? (locale === 'en' ? l.nameEn : l.name) : code;
  };

  const current = `list:${listId}`;
  const options = useMemo(() => {
    const fmt = (iso: string) => new Date(iso).toLocaleDateString(locale === 'en' ? 'en' : 'zh-CN');
    const own: VersionOption[] = [{ value: current, label: tr('当前（正在编辑的状态）', 'Current state') }];
    for (const s of snapshots.data?.items ?? []) {
      const st = LIST_STATUS_LABELS[s.status as ListStatus];
      own.push({ value: `snapshot:${s.id}`, label: `${s.label} · ${st ? label(st) : s.status}${s.revision ? tr(` · 第${s.revision}次修订`, ` · revision ${s.revision}`) : ''} · ${fmt(s.createdAt)}` });
    }
    const others: VersionOption[] = (lists.data?.items ?? [])
      .filter((l) => l.id !== listId)
      .sort((a, b) => b.year - a.year)
      .map((l) => ({ value: `list:${l.id}`, label: `${l.year} · ${l.title}（${label(LIST_STATUS_LABELS[l.status])}）` }));
    return { own, others };
  }, [snapshots.data, lists.data, listId, current, label, locale, tr]);

  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string>(current);
  useEffect(() => {
    setTo(current);
    setFrom(null);
  }, [current]);
  // Default base: the latest snapshot, or else the previous year's list.
  useEffect(() => {
    if (from !== null || !snapshots.isSuccess || lists.isPending) return;
    const latest = snapshots.data.items[0];
    if (latest) setFrom(`snapshot:${latest.id}`);
    else if (options.others[0]) setFrom(options.others[0].value);
  }, [from, snapshots.isSuccess, snapshots.data, lists.isPending, options.others]);

  const cmp = useQuery({
    queryKey: ['lists', 'compare', from, to],
    queryFn: () => versionsApi.compare(from!, to),
    enabled: from !== null && from !== to,
    retry: false,
  });

  const groups = [
    { label: tr('本清单', 'This list'), options: options.own },
    ...(options.others.length ? [{ label: tr('其他年度清单（当前状态）', "Other years' lists (current)"), options: options.others }] : []),
  ];

  if (snapshots.isPending) return <Spin style={{ display: 'block', padding: 40 }} />;
  if (snapshots.isError) return <Alert type="error" showIcon title={errorMessage(snapshots.error)} />;

  const d = cmp.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap align="center">
          <span>{tr('原版本', 'From')}</span>
          <Select style={{ width: 340 }} value={from ?? undefined} placeholder={tr('选择比较基准', 'Choose a base version')} options={groups} onChange={setFrom} showSearch optionFilterProp="label" />
          <Button icon={<SwapOutlined />} disabled={from === null} onClick={() => from && (setFrom(to), setTo(from))} aria-label={tr('交换', 'Swap')} />
          <span>{tr('新版本', 'To')}</span>
          <Select style={{ width: 340 }} value={to} options={groups} onChange={setTo} showSearch optionFilterProp="label" />
        </Space>
      </Card>

      {from === null && <Empty description={tr('本清单还没有快照。送审、审定、印发时会自动保存快照；也可以选择其他年度的清单进行比较。', 'No snapshots yet: they are taken on submission, approval and issue. You can also compare with another year’s list.')} />}
      {from !== null && from === to && <Alert type="info" showIcon title={tr('请选择两个不同的版本。', 'Choose two different versions.')} />}
      {cmp.isError && <Alert type="error" showIcon title={errorMessage(cmp.error)} />}
      {cmp.isFetching && !d && <Spin style={{ display: 'block', padding: 40 }} />}

      {d && from !== to && (
        <>
          <Card size="small">
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {`${d.from.year} · ${d.fromVersion.label}`} → {`${d.to.year} · ${d.toVersion.label}`}
            </Typography.Paragraph>
            <Row gutter={16}>
              <Col span={4}>
                <Statistic title={tr('新增', 'Added')} value={d.summary.added} styles={{ content: { color: '#389e0d' } }} />
              </Col>
              <Col span={4}>
                <Statistic title={tr('删除', 'Removed')} value={d.summary.removed} styles={{ content: { color: '#cf1322' } }} />
              </Col>
              <Col span={4}>
                <Statistic title={tr('移动', 'Moved')} value={d.summary.moved} styles={{ content: { color: '#d48806' } }} />
              </Col>
              <Col span={4}>
                <Statistic title={tr('修改', 'Changed')} value={d.summary.changed} styles={{ content: { color: '#1677ff' } }} />
              </Col>
              <Col span={4}>
                <Statistic title={tr('未变', 'Unchanged')} value={d.summary.unchanged} />
              </Col>
            </Row>
            {(d.parts.added.length > 0 || d.parts.removed.length > 0 || d.parts.renamed.length > 0) && (
              <Space wrap style={{ marginTop: 12 }}>
                <span>{tr('部分：', 'Parts:')}</span>
                {d.parts.added.map((p) => (
                  <Tag key={`a${p.id}`} color="success">
                    {tr('新增', 'Added')} {p.seq}. {p.title}
                  </Tag>
                ))}
                {d.parts.removed.map((p) => (
                  <Tag key={`r${p.id}`} color="error">
                    {tr('删除', 'Removed')} {p.seq}. {p.title}
                  </Tag>
                ))}
                {d.parts.renamed.map((p) => (
                  <Tag key={`n${p.from.id}`} color="processing">
                    {tr('更名', 'Renamed')} {p.from.title} → {p.to.title}
                  </Tag>
                ))}
              </Space>
            )}
          </Card>

          <Tabs
            items={[
              {
                key: 'changed',
                label: `${tr('修改', 'Changed')} ${d.changed.length}`,
                children: (
                  <List
                    dataSource={d.changed}
                    locale={{ emptyText: tr('没有修改的任务', 'No changed tasks') }}
                    renderItem={(c) => (
                      <List.Item key={`${c.from.id}-${c.to.id}`}>
                        <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                          <Space wrap size={4}>
                            <TaskPlace t={c.to} levelName={levelName} />
                            {c.from.number !== c.to.number && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tr(`（原第${c.from.number}项）`, `(was No. ${c.from.number})`)}</Typography.Text>}
                            {c.match === 'similar' && <Tag>{tr(`按文字相近匹配 ${Math.round(c.similarity * 100)}%`, `Matched by similar text ${Math.round(c.similarity * 100)}%`)}</Tag>}
                          </Space>
                          {c.fields.map((f) => (
                            <div key={f.field} style={{ display: 'flex', gap: 12 }}>
                              <Typography.Text strong style={{ flex: '0 0 72px' }}>
                                {label(FIELD_LABELS[f.field])}
                              </Typography.Text>
                              <div style={{ flex: 1 }}>
                                <FieldValue change={f} data={d} />
                              </div>
                            </div>
                          ))}
                          {!c.fields.some((f) => f.field === 'content') && <Typography.Text type="secondary">{c.to.content}</Typography.Text>}
                        </Space>
                      </List.Item>
                    )}
                  />
                ),
              },
              {
                key: 'added',
                label: `${tr('新增', 'Added')} ${d.added.length}`,
                children: (
                  <List
                    dataSource={d.added}
                    locale={{ emptyText: tr('没有新增的任务', 'No added tasks') }}
                    renderItem={(t) => (
                      <List.Item key={t.id}>
                        <Space orientation="vertical" size={2}>
                          <TaskPlace t={t} levelName={levelName} />
                          <ins style={insStyle}>{t.content}</ins>
                        </Space>
                      </List.Item>
                    )}
                  />
                ),
              },
              {
                key: 'removed',
                label: `${tr('删除', 'Removed')} ${d.removed.length}`,
                children: (
                  <List
                    dataSource={d.removed}
                    locale={{ emptyText: tr('没有删除的任务', 'No removed tasks') }}
                    renderItem={(t) => (
                      <List.Item key={t.id}>
                        <Space orientation="vertical" size={2}>
                          <TaskPlace t={t} levelName={levelName} />
                          <del style={delStyle}>{t.content}</del>
                        </Space>
                      </List.Item>
                    )}
                  />
                ),
              },
              {
                key: 'moved',
                label: `${tr('移动', 'Moved')} ${d.moved.length}`,
                children: (
                  <List
                    dataSource={d.moved}
                    locale={{ emptyText: tr('没有移动的任务', 'No moved tasks') }}
                    renderItem={(m) => (
                      <List.Item key={`${m.from.id}-${m.to.id}`}>
                        <Space orientation="vertical" size={2}>
                          <Space wrap size={4}>
                            {m.moves.map((k) => (
                              <Tag key={k} color="warning">
                                {label(MOVE_LABELS[k])}
                              </Tag>
                            ))}
                          </Space>
                          <span>
                            <TaskPlace t={m.from} levelName={levelName} /> <span style={{ margin: '0 6px' }}>→</span> <TaskPlace t={m.to} levelName={levelName} />
                          </span>
                          <span>{m.to.content}</span>
                        </Space>
                      </List.Item>
                    )}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
