import * as m0001 from './0001_platform.ts';
import * as m0002 from './0002_people_indexes.ts';
import * as m0003 from './0003_lists.ts';
import * as m0004 from './0004_list_attachment.ts';
import * as m0005 from './0005_work.ts';
import * as m0006 from './0006_notification_params.ts';
import * as m0007 from './0007_source_imports.ts';
import * as m0008 from './0008_division_cooperators.ts';
import * as m0009 from './0009_periods_order_indexes.ts';

/** Ordered migrations. Each is plain PostgreSQL, run in one transaction, on PGlite and PostgreSQL alike. */
export const MIGRATIONS: { id: string; up: string }[] = [
  { id: '0001_platform', up: m0001.up },
  { id: '0002_people_indexes', up: m0002.up },
  { id: '0003_lists', up: m0003.up },
  { id: '0004_list_attachment', up: m0004.up },
  { id: '0005_work', up: m0005.up },
  { id: '0006_notification_params', up: m0006.up },
  { id: '0007_source_imports', up: m0007.up },
  { id: '0008_division_cooperators', up: m0008.up },
  { id: '0009_periods_order_indexes', up: m0009.up },
];
