import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface ResponsibilityLevelsTable {
  code: string;
  scheme: Generated<string>;
  name: string;
  name_en: string;
  sort_order: number;
  org_kinds: Generated<string[]>;
}

export interface OrgsTable {
  id: Generated<number>;
  parent_id: number | null;
  unit_id: number | null;
  kind: string;
  level_code: string | null;
  name: string;
  short_name: Generated<string>;
  code: string;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  path: string;
  depth: number;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deactivated_at: Timestamp | null;
}

export interface PeopleTable {
  id: Generated<number>;
  org_id: number;
  unit_id: number | null;
  org_path: string;
  code: string;
  name: string;
  post: string;
  phone: Generated<string>;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountsTable {
  id: Generated<number>;
  person_id: number;
  username: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  failed_count: Generated<number>;
  locked_until: Timestamp | null;
  active: Generated<boolean>;
  locale: Generated<string>;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoleGrantsTable {
  id: Generated<number>;
  person_id: number;
  role: string;
  org_id: number;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  account_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ip: Generated<string>;
  user_agent: Generated<string>;
}

export interface ImportBatchesTable {
  id: string;
  kind: 'orgs' | 'people';
  account_id: number | null;
  file_name: string;
  status: 'previewed' | 'applied' | 'failed';
  summary: Json;
  rows: Json;
  created_at: Timestamp;
  applied_at: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  value: Json;
}

export interface AuditLogTable {
  seq: ColumnType<number, number, never>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: Generated<string>;
  ip: Generated<string>;
  action: string;
  entity_type: string;
  entity_id: Generated<string>;
  unit_id: number | null;
  org_path: Generated<string>;
  before: Json | null;
  after: Json | null;
  prev_hash: string;
  hash: string;
}

export interface MigrationsTable {
  id: string;
  applied_at: Timestamp;
}

export interface Database {
  responsibility_levels: ResponsibilityLevelsTable;
  orgs: OrgsTable;
  people: PeopleTable;
  accounts: AccountsTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  import_batches: ImportBatchesTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  schema_migrations: MigrationsTable;
}

export type OrgRow = Selectable<OrgsTable>;
export type NewOrgRow = Insertable<OrgsTable>;
export type OrgRowUpdate = Updateable<OrgsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type AccountRow = Selectable<AccountsTable>;
export type AuditRow = Selectable<AuditLogTable>;
