import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorMessage } from '../../app/api.ts';
import { PagedTable, usePaged } from '../../app/paged.tsx';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { auditApi, type AuditItem, type AuditQuery, type VerifyResult } from './auditApi.ts';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from './auditLabels.ts';
import { JsonDiff } from './JsonDiff.tsx';

const ACTION_COLORS: Record<string, string> = { auth: 'default', org: 'blue', person: 'cyan', people: 'cyan', account: 'purple', grant: 'geekblue', import: 'orange', system: 'red', demo: 'gold' };

/** 审计日志: the hash-chained audit trail in the user's scope, newest first. */
export default function AuditPage() {
  const tr = useTr();
  const label = useLabel();
  const { can } = useAuth();
  const paged = usePaged<AuditQuery, AuditItem>(['audit'], { page: 1, pageSize: 20 }, auditApi.list);
  const { query, set } = paged;
  const [actor, setActor] = useState('');
  const [keyword, setKeyword] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const verify = useMutation<VerifyResult>({ mutationFn: () => auditApi.verify() });

  const actionText = (code: string) => {
    const l = AUDIT_ACTION_LABELS[code];
    return l ? label(l) : code;
  };
  const entityText = (type: string) => {
    const l = AUDIT_ENTITY_LABELS[type];
    return l ? label(l) : type;
  };

  const columns: TableProps<AuditItem>['columns'] = [
    { title: tr('序号', 'Seq'), key: 'seq', dataIndex: 'seq', width: 80 },
    { title: tr('时间', 'Time'), key: 'at', width: 180, render: (_, r) => new Date(r.at).toLocaleString() },
    {
      title: tr('操作人', 'By'),
      key: 'actorName',
      width: 180,
      render: (_, r) => (r.actorName && r.actorName !== 'system' ? r.actorName : <Typography.Text type="secondary">{r.actorName === 'cli' ? tr('命令行', 'Command line') : tr('系统', 'System')}</Typography.Text>),
    },
    { title: 'IP', key: 'ip', dataIndex: 'ip', width: 130, render: (v: string) => v || '—' },
    {
      title: tr('操作', 'Action'),
      key: 'action',
      width: 150,
      render: (_, r) => (
        <Tag color={ACTION_COLORS[r.action.split('.')[0] ?? ''] ?? 'default'} title={r.action}>
          {actionText(r.action)}
        </Tag>
      ),
    },
    {
      title: tr('对象', 'Subject'),
      key: 'entity',
      render: (_, r) => {
        const data = (r.after ?? r.before) as Record<string, unknown> | null;
        const name = data && typeof data === 'object' && !Array.isArray(data) ? (data.name ?? data.username ?? data.fileName) : undefined;
        return (
          <Space size={4}>
            <Typography.Text type="secondary">{entityText(r.entityType)}</Typography.Text>
            {typeof name === 'string' ? <span>{name}</span> : null}
            {r.entityId ? <Typography.Text type="secondary">#{r.entityId}</Typography.Text> : null}
          </Space>
        );
      },
    },
  ];

  const verifyResult = verify.data;
  const problemText = (p: string) => (p === 'removed' ? tr('已被删除', 'was removed') : p === 'relinked' ? tr('链接被改动', 'was relinked') : tr('内容被篡改', 'was altered'));

  return (
    <Card
      title={tr('审计日志', 'Audit trail')}
      extra={
        <Space>
          {can('system.admin') && (
            <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
              {tr('校验完整性', 'Verify integrity')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={paged.reload}>
            {tr('刷新', 'Reload')}
          </Button>
        </Space>
      }
    >
      {verify.error && <Alert type="error" showIcon closable title={errorMessage(verify.error)} style={{ marginBottom: 16 }} />}
      {verifyResult &&
        (verifyResult.ok ? (
          <Alert
            type="success"
            showIcon
            closable
            onClose={() => verify.reset()}
            title={tr(`审计日志完整：已校验 ${verifyResult.checked} 条记录，哈希链未发现篡改或删除。`, `The audit trail is intact: ${verifyResult.checked} entries verified.`)}
            style={{ marginBottom: 16 }}
          />
        ) : (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => verify.reset()}
            title={tr(
              `审计日志校验失败：第 ${verifyResult.firstBad?.seq} 条记录${problemText(verifyResult.firstBad?.problem ?? 'altered')}（此前 ${verifyResult.checked} 条完好）。`,
              `Verification failed: entry ${verifyResult.firstBad?.seq} ${problemText(verifyResult.firstBad?.problem ?? 'altered')} (${verifyResult.checked} good entries before it).`,
            )}
            style={{ marginBottom: 16 }}
          />
        ))}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<string>
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={tr('操作类型', 'Action')}
          value={query.action}
          onChange={(v) => set({ action: v })}
          options={[
            { label: tr('按模块', 'By module'), options: AUDIT_ACTION_GROUPS.map((g) => ({ value: g.prefix, label: label(g.label) })) },
            { label: tr('具体操作', 'Actions'), options: Object.entries(AUDIT_ACTION_LABELS).filter(([code]) => code !== 'people.create').map(([code, l]) => ({ value: code, label: label(l) })) },
          ]}
          style={{ width: 200 }}
        />
        <Select<string>
          allowClear
          placeholder={tr('对象类型', 'Subject type')}
          value={query.entityType}
          onChange={(v) => set({ entityType: v })}
          options={Object.entries(AUDIT_ENTITY_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
          style={{ width: 130 }}
        />
        <Input.Search
          allowClear
          placeholder={tr('操作人', 'By')}
          value={actor}
          onChange={(e) => setActor(e.target.value)}
          onSearch={(v) => set({ actor: v.trim() || undefined })}
          style={{ width: 160 }}
        />
        <DatePicker.RangePicker
          showTime
          value={range}
          placeholder={[tr('开始时间', 'From'), tr('结束时间', 'To')]}
          onChange={(v) => {
            setRange(v);
            set({ from: v?.[0]?.toISOString(), to: v?.[1]?.toISOString() });
          }}
        />
        <Input.Search
          allowClear
          placeholder={tr('关键词（内容、对象编号、IP）', 'Keyword (content, id, IP)')}
          value={keyword}
          onChange={(e) => setKeyword(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 240 }}
        />
      </Space>
      <PagedTable<AuditQuery, AuditItem>
        paged={paged}
        totalText={(n) => tr(`共 ${n} 条`, `${n} entries`)}
        pageSizeOptions={[20, 50, 100]}
        rowKey="seq"
        columns={columns}
        expandable={{
          expandedRowRender: (r) => <JsonDiff before={r.before} after={r.after} />,
          rowExpandable: (r) => r.before !== null || r.after !== null,
          columnTitle: tr('详情', 'Details'),
        }}
        locale={{ emptyText: <Empty description={tr('没有符合条件的日志', 'No entries match')} /> }}
        scroll={{ x: 1000 }}
      />
    </Card>
  );
}
