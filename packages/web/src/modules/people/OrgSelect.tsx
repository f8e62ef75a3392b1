import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select, Spin } from 'antd';
import { useTr } from '../../app/i18n.tsx';
import { peopleApi, type OrgOption } from './peopleApi.ts';

interface Props {
  value?: number | undefined;
  onChange?: (id: number | undefined) => void;
  /** Label of the current value, when it is known but not among the search results. */
  initialLabel?: string | undefined;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
}

/** An organisation picker that searches the server as the user types. */
export function OrgSelect({ value, onChange, initialLabel, placeholder, allowClear, style }: Props) {
  const tr = useTr();
  const [options, setOptions] = useState<OrgOption[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const r = await peopleApi.searchOrgs(q);
        if (mine === seq.current) setOptions(r.items);
      } catch {
        if (mine === seq.current) setOptions([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };
  useEffect(() => {
    search('');
    return () => clearTimeout(timer.current);
  }, []);

  const opts = options.map((o) => ({ value: o.id, label: o.pathNames ? `${o.name}（${o.pathNames}）` : o.name }));
  if (value !== undefined && initialLabel && !opts.some((o) => o.value === value)) opts.unshift({ value, label: initialLabel });
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: search }}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={opts}
      allowClear={allowClear}
      placeholder={placeholder ?? tr('输入名称搜索组织', 'Type to search organisations')}
      notFoundContent={loading ? <Spin size="small" /> : tr('无匹配组织', 'No matching organisation')}
      style={style}
    />
  );
}
