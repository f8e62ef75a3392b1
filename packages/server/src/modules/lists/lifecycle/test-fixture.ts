/**
 * Test data for the lifecycle and files tests, built with SQL: the committee, two departments
 * (组织部 owns the list, 宣传部 drafts a part), a unit, accounts per role, and a list with a part,
 * tasks and source documents.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { packStored } from '../../imports/zip-guard.ts';
import type { Role } from '@qingdan/core';
import { adminClient, Client, TEST_PASSWORD, type Harness } from '../../../testing/harness.ts';
import { hashPassword } from '../../auth/passwords.ts';

export interface Fixture {
  admin: Client;
  rootId: number;
  ownerDeptId: number;
  otherDeptId: number;
  unitId: number;
  /** departmentStaff at the owner department (组织部). */
  ownerStaff: Client;
  /** departmentStaff at another department (宣传部), which drafts a part. */
  otherStaff: Client;
  /** viewer at a unit: sees issued lists only. */
  unitViewer: Client;
}

async function insertOrg(h: Harness, parentId: number, kind: string, name: string, code: string): Promise<number> {
  const k = h.deps.db.kysely;
  const parent = await k.selectFrom('orgs').select(['path', 'depth']).where('id', '=', parentId).executeTakeFirstOrThrow();
  const row = await k
    .insertInto('orgs')
    .values({ parent_id: parentId, unit_id: null, kind, level_code: null, name, short_name: name, code, path: '/', depth: parent.depth + 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .updateTable('orgs')
    .set({ path: `${parent.path}${row.id}/`, unit_id: kind === 'unit' ? row.id : null })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

export async function userClient(h: Harness, username: string, role: Role, orgId: number): Promise<Client> {
  const k = h.deps.db.kysely;
  const org = await k.selectFrom('orgs').select(['path', 'unit_id']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const person = await k
    .insertInto('people')
    .values({ org_id: orgId, unit_id: org.unit_id, org_path: org.path, code: `P-${username}`, name: `用户${username}`, post: '干部' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k.insertInto('accounts').values({ person_id: person.id, username, password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false }).execute();
  await k.insertInto('role_grants').values({ person_id: person.id, role, org_id: orgId }).execute();
  const c = new Client(h.app);
  const res = await c.login(username);
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
  return c;
}

/** A fresh temporary file store for the harness. */
export function useTempFilesDir(h: Harness): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-files-'));
  h.deps.config.filesDir = dir;
  return dir;
}

/** Every file under a directory (relative paths). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

export async function buildFixture(h: Harness): Promise<Fixture> {
  const admin = await adminClient(h);
  const root = await h.deps.db.kysely.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const ownerDeptId = await insertOrg(h, root.id, 'department', '组织部', 'GW-ZZB');
  const otherDeptId = await insertOrg(h, root.id, 'department', '宣传部', 'GW-XCB');
  const unitId = await insertOrg(h, root.id, 'unit', '省财政厅', 'U-CZT');
  return {
    admin,
    rootId: root.id,
    ownerDeptId,
    otherDeptId,
    unitId,
    ownerStaff: await userClient(h, 'zzb_staff', 'departmentStaff', ownerDeptId),
    otherStaff: await userClient(h, 'xcb_staff', 'departmentStaff', otherDeptId),
    unitViewer: await userClient(h, 'czt_viewer', 'viewer', unitId),
  };
}

export interface ListFixture {
  listId: number;
  partId: number;
  taskIds: number[];
  /** Requirements: workPoints leaf, workPoints child (its parent has children), upperList leaf involving the committee. */
  requirementIds: number[];
  /** Never requirements: an upperList item not involving the committee, a workPoints parent, an upperList chapter not involving the committee and its item. */
  otherItemIds: number[];
}

/** A list in a given status with one part (drafted by 宣传部), two tasks and two source documents. */
export async function insertList(h: Harness, f: Fixture, year: number, status = 'draft'): Promise<ListFixture> {
  const k = h.deps.db.kysely;
  const list = await sql<{ id: number }>`
    INSERT INTO responsibility_lists (year, title, status, owner_org_id)
    VALUES (${year}, ${`${year}年省直机关党建工作责任清单`}, ${status}, ${f.ownerDeptId}) RETURNING id`.execute(k);
  const listId = list.rows[0]!.id;
  const part = await sql<{ id: number }>`
    INSERT INTO list_parts (list_id, seq, title, drafting_org_id) VALUES (${listId}, 1, '加强党的政治建设', ${f.otherDeptId}) RETURNING id`.execute(k);
  const partId = part.rows[0]!.id;
  const taskIds: number[] = [];
  for (const [i, content] of ['学习贯彻党的二十大精神', '落实“第一议题”制度'].entries()) {
    const t = await sql<{ id: number }>`
      INSERT INTO list_tasks (list_id, part_id, level_code, seq, code, content, frequency)
      VALUES (${listId}, ${partId}, 'L1', ${i + 1}, ${`T${year}-${i + 1}`}, ${content}, 'yearly') RETURNING id`.execute(k);
    taskIds.push(t.rows[0]!.id);
  }
  const wp = await sql<{ id: number }>`
    INSERT INTO source_documents (list_id, kind, title) VALUES (${listId}, 'workPoints', ${`${year}年工作要点`}) RETURNING id`.execute(k);
  const up = await sql<{ id: number }>`
    INSERT INTO source_documents (list_id, kind, title) VALUES (${listId}, 'upperList', '省委党建工作责任清单') RETURNING id`.execute(k);
  const item = async (doc: number, parent: number | null, seq: number, label: string, text: string, involves = true) =>
    (
      await sql<{ id: number }>`
        INSERT INTO source_items (document_id, parent_id, seq, label, text, involves_committee)
        VALUES (${doc}, ${parent}, ${seq}, ${label}, ${text}, ${involves}) RETURNING id`.execute(k)
    ).rows[0]!.id;
  const wp1 = await item(wp.rows[0]!.id, null, 1, '1.', '深入学习贯彻习近平新时代中国特色社会主义思想');
  const wp2 = await item(wp.rows[0]!.id, null, 2, '2.', '加强机关党建');
  const wp21 = await item(wp.rows[0]!.id, wp2, 1, '（1）', '抓好模范机关创建');
  const up1 = await item(up.rows[0]!.id, null, 1, '一、', '指导省直机关落实全面从严治党责任');
  const up2 = await item(up.rows[0]!.id, null, 2, '二、', '由省委组织部负责的事项', false);
  // A chapter that does not involve the committee takes its items with it.
  const up3 = await item(up.rows[0]!.id, null, 3, '三、', '市县党委的责任', false);
  const up31 = await item(up.rows[0]!.id, up3, 1, '1.', '落实市县党委书记抓基层党建述职评议');
  return { listId, partId, taskIds, requirementIds: [wp1, wp21, up1], otherItemIds: [up2, wp2, up3, up31] };
}

/** A minimal PDF. */
export function pdfBytes(text = 'minutes'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

/** A zip (stored, no compression) with the given entries: enough for the content sniffer. */
export const zipBytes = (entries: Record<string, string>): Buffer => packStored(Object.entries(entries).map(([name, text]) => ({ name, data: Buffer.from(text) })));

export const docxBytes = () => zipBytes({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
export const xlsxBytes = () => zipBytes({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' });

/** A multipart/form-data body: text fields and optionally one file. */
export function multipartBody(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string; field?: string }) {
  const boundary = `----qdtest${crypto.randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'minutes'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
