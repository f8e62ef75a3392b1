import { Card, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ORG_KIND_LABELS, ROLE_LABELS, type OrgKind } from '@qingdan/core';
import { api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { menuPages } from '../../app/menu.ts';

interface Overview {
  orgsByKind: Record<string, number>;
  people: number;
  accounts: number;
}

const SHOWN: OrgKind[] = ['unit', 'partyGroup', 'organCommittee', 'generalBranch', 'branch'];

export default function HomePage() {
  const tr = useTr();
  const label = useLabel();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['overview'], queryFn: () => api.get<Overview>('/api/overview'), enabled: can('org.read') });
  // Shortcuts to the pages of the user's menu, and only those.
  const links = menuPages(me, can).filter((p) => p.path !== '/');
  // Only the kinds of organisation the scope holds: a branch secretary sees 党支部 1, not 单位 0 / 党组 0.
  const kinds = q.data ? SHOWN.filter((k) => (q.data.orgsByKind[k] ?? 0) > 0) : [];
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {tr(`您好，${me?.name ?? ''}`, `Welcome, ${me?.name ?? ''}`)}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {tr('明责、督责、考责：在这里管理年度党建工作责任清单的全过程。', 'Make responsibilities clear, supervise, assess: the whole yearly cycle of the responsibility list.')}
          </Typography.Paragraph>
          {me?.grants.map((g) => (
            <Tag key={g.id} color="red">
              {label(ROLE_LABELS[g.role])} @ {g.orgName}
            </Tag>
          ))}
        </Card>
      </Col>
      {q.data && (
        <Col span={24}>
          <Card title={tr('管理范围概览', 'Organisations in your scope')}>
            <Row gutter={16}>
              {kinds.map((k) => (
                <Col key={k} xs={12} md={4}>
                  <Statistic title={label(ORG_KIND_LABELS[k])} value={q.data.orgsByKind[k] ?? 0} />
                </Col>
              ))}
              <Col xs={12} md={2}>
                <Statistic title={tr('人员', 'People')} value={q.data.people} />
              </Col>
              <Col xs={12} md={2}>
                <Statistic title={tr('账号', 'Accounts')} value={q.data.accounts} />
              </Col>
            </Row>
          </Card>
        </Col>
      )}
      <Col span={24}>
        <Card title={tr('常用功能', 'Shortcuts')}>
          <List
            grid={{ gutter: 16, xs: 2, md: 4 }}
            dataSource={links}
            renderItem={(p) => (
              <List.Item>
                <Card hoverable size="small" onClick={() => navigate(p.path)}>
                  {p.icon && <p.icon />} {label(p.label)}
                </Card>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
