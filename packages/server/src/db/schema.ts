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


type DateCol = ColumnType<string, string, string>;
type Numeric = ColumnType<string, string | number, string | number>;

export interface FilesTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  mime: string;
  original_name: string;
  created_by: number | null;
  created_at: Timestamp;
}

export type ListStatus = 'draft' | 'soliciting' | 'inReview' | 'approved' | 'issued';

export interface ResponsibilityListsTable {
  id: Generated<number>;
  year: number;
  title: string;
  status: Generated<ListStatus>;
  owner_org_id: number;
  copied_from_id: number | null;
  doc_prefix: string | null;
  doc_seq: number | null;
  doc_number: string | null;
  issue_date: DateCol | null;
  notice_title: string | null;
  co_issuer: string | null;
  revision: Generated<number>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  issued_at: Timestamp | null;
}

export interface ListPartsTable {
  id: Generated<number>;
  list_id: number;
  seq: number;
  title: string;
  drafting_org_id: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ListSectionsTable {
  id: Generated<number>;
  list_id: number;
  part_id: number;
  seq: number;
  title: string;
  version: Generated<number>;
}

export type Frequency = 'once' | 'monthly' | 'quarterly' | 'halfYearly' | 'yearly' | 'ongoing';

export interface ListTasksTable {
  id: Generated<number>;
  list_id: number;
  part_id: number;
  section_id: number | null;
  level_code: string;
  seq: number;
  code: string;
  content: string;
  requirements: Generated<string>;
  frequency: Frequency;
  due_rule: ColumnType<unknown, string | undefined, string>;
  evidence: Generated<string>;
  reviewer_org_id: number | null;
  weight: Numeric | null;
  origin_task_id: number | null;
  withdrawn_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SourceDocumentsTable {
  id: Generated<number>;
  list_id: number;
  kind: 'upperList' | 'workPoints';
  title: string;
  doc_number: Generated<string>;
  /** Issued with the list as its attachment (the work points). */
  attached: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
}

export interface SourceItemsTable {
  id: Generated<number>;
  document_id: number;
  parent_id: number | null;
  seq: number;
  label: Generated<string>;
  text: string;
  involves_committee: Generated<boolean>;
  version: Generated<number>;
}

/** An import into a source document, for undoing it in one step (migration 0007). */
export interface SourceImportsTable {
  id: Generated<number>;
  document_id: number;
  file_name: Generated<string>;
  format: 'xlsx' | 'docx';
  replaced: boolean;
  /** The ids of the items the import wrote (JSON array). */
  item_ids: Json;
  /** What a replacing import removed: {items, links, waivers} as rows; null when it appended. */
  removed: Json | null;
  version_after: number;
  account_id: number | null;
  created_at: Timestamp;
  undone_at: Timestamp | null;
}

export interface TaskSourcesTable {
  task_id: number;
  source_item_id: number;
  created_at: Timestamp;
}

export interface CoverageWaiversTable {
  list_id: number;
  source_item_id: number;
  reason: string;
  account_id: number | null;
  created_at: Timestamp;
}

export interface OpinionRoundsTable {
  id: Generated<number>;
  list_id: number;
  title: string;
  deadline: DateCol;
  status: Generated<'open' | 'closed'>;
  created_by: number | null;
  created_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface OpinionRoundOrgsTable {
  round_id: number;
  org_id: number;
}

export type OpinionHandling = 'adopted' | 'partlyAdopted' | 'notAdopted';

export interface OpinionsTable {
  id: Generated<number>;
  round_id: number;
  list_id: number;
  org_id: number;
  author_id: number | null;
  target_type: 'list' | 'part' | 'task';
  target_id: number;
  content: string;
  handling: OpinionHandling | null;
  reply: Generated<string>;
  replied_by: number | null;
  replied_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ListSnapshotsTable {
  id: Generated<number>;
  list_id: number;
  label: string;
  status: string;
  revision: Generated<number>;
  data: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

export interface ListTransitionsTable {
  id: Generated<number>;
  list_id: number;
  from_status: string;
  to_status: string;
  actor_id: number | null;
  actor_name: Generated<string>;
  comment: Generated<string>;
  snapshot_id: number | null;
  at: Timestamp;
}

export interface ApprovalMeetingsTable {
  id: Generated<number>;
  list_id: number;
  meeting_date: DateCol;
  meeting_name: string;
  decision: 'approved' | 'returned';
  comments: Generated<string>;
  minutes_file_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ListRevisionsTable {
  id: Generated<number>;
  list_id: number;
  revision: number;
  reason: string;
  notice: Generated<string>;
  before_snapshot_id: number | null;
  after_snapshot_id: number | null;
  status: Generated<'open' | 'published'>;
  created_by: number | null;
  created_at: Timestamp;
  published_at: Timestamp | null;
}

// ── 一级抓一级 (migration 0005_work) ──

export type PeriodStatus = 'pending' | 'submitted' | 'returned' | 'approved';
export type ReviewAction = 'submitted' | 'approved' | 'returned' | 'reopened';
export type NotificationKind =
  | 'dueSoon' | 'overdue' | 'overdueBelow' | 'returned' | 'approved' | 'submitted' | 'digest' | 'listIssued' | 'listRevised';

export interface AssignmentsTable {
  unit_id: number;
  id: Generated<number>;
  list_id: number;
  year: number;
  task_id: number;
  part_id: number;
  level_code: string;
  org_id: number;
  owner_person_id: number | null;
  /** 配合领导 (一岗双责), in order (migration 0008). */
  cooperator_person_ids: Generated<number[]>;
  lead_department: Generated<string>;
  withdrawn_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PeriodsTable {
  unit_id: number;
  id: Generated<number>;
  assignment_id: number;
  list_id: number;
  year: number;
  task_id: number;
  part_id: number;
  level_code: string;
  org_id: number;
  seq: number;
  label: string;
  starts_on: DateCol;
  ends_on: DateCol;
  due_on: DateCol;
  status: Generated<PeriodStatus>;
  report_count: Generated<number>;
  submitted_at: Timestamp | null;
  approved_at: Timestamp | null;
  late_days: Generated<number>;
  withdrawn_at: Timestamp | null;
  version: Generated<number>;
}

export interface ReportsTable {
  unit_id: number;
  id: Generated<number>;
  period_id: number;
  org_id: number;
  happened_on: DateCol;
  content: string;
  author_id: number | null;
  author_name: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EvidenceTable {
  unit_id: number;
  id: Generated<number>;
  report_id: number;
  file_id: number;
  name: string;
  mime: string;
  size: ColumnType<string | number, number, number>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ReviewsTable {
  unit_id: number;
  id: Generated<number>;
  period_id: number;
  action: ReviewAction;
  reason: Generated<string>;
  actor_id: number | null;
  actor_name: Generated<string>;
  actor_org_id: number | null;
  at: Timestamp;
}

export interface MeasuresTable {
  unit_id: number;
  id: Generated<number>;
  assignment_id: number;
  seq: number;
  content: string;
  created_by: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  account_id: number;
  kind: NotificationKind;
  title: string;
  body: Generated<string>;
  link: Generated<string>;
  dedupe_key: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
  /** Since migration 0006: the values the title and body are rendered from, in the reader's language (null on older rows). */
  params: Json | null;
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
  source_imports: SourceImportsTable;
  schema_migrations: MigrationsTable;
  files: FilesTable;
  responsibility_lists: ResponsibilityListsTable;
  list_parts: ListPartsTable;
  list_sections: ListSectionsTable;
  list_tasks: ListTasksTable;
  source_documents: SourceDocumentsTable;
  source_items: SourceItemsTable;
  task_sources: TaskSourcesTable;
  coverage_waivers: CoverageWaiversTable;
  opinion_rounds: OpinionRoundsTable;
  opinion_round_orgs: OpinionRoundOrgsTable;
  opinions: OpinionsTable;
  list_snapshots: ListSnapshotsTable;
  list_transitions: ListTransitionsTable;
  approval_meetings: ApprovalMeetingsTable;
  list_revisions: ListRevisionsTable;
  assignments: AssignmentsTable;
  periods: PeriodsTable;
  reports: ReportsTable;
  evidence: EvidenceTable;
  reviews: ReviewsTable;
  measures: MeasuresTable;
  notifications: NotificationsTable;
}

export type OrgRow = Selectable<OrgsTable>;
export type NewOrgRow = Insertable<OrgsTable>;
export type OrgRowUpdate = Updateable<OrgsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type AccountRow = Selectable<AccountsTable>;
export type AuditRow = Selectable<AuditLogTable>;
