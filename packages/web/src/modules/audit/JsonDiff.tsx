import { Table, Typography } from 'antd';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { AUDIT_FIELD_LABELS } from './auditLabels.ts';

interface DiffRow {
  key: string;
  before: string | undefined;
  after: string | undefined;
  changed: boolean;
}

/** Flatten nested JSON into "a.b[0]" → display text, so before and after line up field by field. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v] as const);
    if (entries.length === 0) {
      out.set(prefix || '（值）', Array.isArray(value) ? '[]' : '{}');
      return;
    }
    for (const [k, v] of entries) {
      const key = k.startsWith('[') ? `${prefix}${k}` : prefix ? `${prefix}.${k}` : k;
      flatten(v, key, out);
    }
    return;
  }
  out.set(prefix || '（值）', value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
}

export function diffRows(before: unknown, after: unknown): DiffRow[] {
  const b = new Map<string, string>();
  const a = new Map<string, string>();
  if (before !== null && before !== undefined) flatten(before, '', b);
  if (after !== null && after !== undefined) flatten(after, '', a);
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  const rows = keys.map((key) => ({ key, before: b.get(key), after: a.get(key), changed: b.get(key) !== a.get(key) }));
  // An edit: the changed fields first, the unchanged ones after them for context.
  return b.size > 0 && a.size > 0 ? [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)] : rows;
}

/** 详情: the entry's before and after, field by field, changed fields highlighted. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const tr = useTr();
  const label = useLabel();
  const rows = diffRows(before, after);
  const fieldName = (k: string) => {
    const l = AUDIT_FIELD_LABELS[k];
    return l ? `${label(l)}（${k}）` : k;
  };
  if (rows.length === 0) return <Typography.Text type="secondary">{tr('此操作没有记录数据变化', 'No data recorded for this action')}</Typography.Text>;
  const hasBefore = before !== null && before !== undefined;
  const hasAfter = after !== null && after !== undefined;
  const cell = (v: string | undefined, changed: boolean, kind: 'before' | 'after') =>
    v === undefined ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <Typography.Text
        delete={changed && kind === 'before' && hasAfter}
        style={changed && hasBefore && hasAfter ? { background: kind === 'before' ? '#fff1f0' : '#f6ffed', padding: '0 4px', wordBreak: 'break-all' } : { wordBreak: 'break-all' }}
      >
        {v === '' ? tr('（空）', '(empty)') : v}
      </Typography.Text>
    );
  return (
    <Table<DiffRow>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: tr('字段', 'Field'), dataIndex: 'key', key: 'key', width: 200, render: (k: string, r) => (r.changed && hasBefore && hasAfter ? <Typography.Text strong>{fieldName(k)}</Typography.Text> : fieldName(k)) },
        ...(hasBefore ? [{ title: tr('修改前', 'Before'), key: 'before', render: (_: unknown, r: DiffRow) => cell(r.before, r.changed, 'before') }] : []),
        ...(hasAfter ? [{ title: hasBefore ? tr('修改后', 'After') : tr('内容', 'Value'), key: 'after', render: (_: unknown, r: DiffRow) => cell(r.after, r.changed, 'after') }] : []),
      ]}
    />
  );
}
