/**
 * 清单 Qingdan command line: `npm run cli -- <command> [options]`.
 * Uses the same configuration as the server (DATA_DIR for embedded PGlite, or DATABASE_URL).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { t } from '@qingdan/core';
import { loadConfig } from './config.ts';
import { createDb } from './db/database.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { isEmpty, migrate } from './db/migrate.ts';
import { openDeps } from './bootstrap.ts';
import type { Deps } from './deps.ts';
import { AppError } from './http/errors.ts';
import type { Actor } from './modules/audit/record.ts';
import { needsSetup, createAdmin } from './modules/auth/setup.ts';
import { verifyAuditChain } from './modules/audit/verify.ts';
import { BackupError, createBackup, restoreBackup } from './modules/system/backup.ts';
import { seedDemo } from './demo/seed.ts';
import { importFromFile } from './modules/imports/import-file.ts';

const CLI_ACTOR: Actor = { accountId: null, name: 'cli', ip: '' };

const USAGE = `清单 Qingdan 命令行工具 / command line

用法 Usage: npm run cli -- <命令 command> [参数 options]

命令 Commands:
  migrate                          升级数据库结构 / apply database migrations
  seed-demo                        在空数据库中生成演示数据 / fill an empty database with the demo province
  create-admin --username U --name N [--password P] [--committee-name C]
                                   新增工委管理员（密码取自 --password 或环境变量 QD_ADMIN_PASSWORD）
                                   add a committee administrator (password from --password or QD_ADMIN_PASSWORD)
  import-orgs FILE                 从 Excel 导入组织机构 / import organisations from an .xlsx file
  import-people FILE               从 Excel 导入人员 / import people from an .xlsx file
  backup FILE                      备份全部数据到文件（gzip 压缩的 JSON 行）/ back up every table to FILE
  restore FILE                     从备份文件恢复到空数据库（登录会话不恢复，所有人需重新登录）
                                   restore FILE into an empty database (sessions are dropped: everyone signs in again)
  audit:verify                     校验审计日志哈希链 / verify the audit trail's hash chain
  help                             显示本说明 / show this text

环境变量 Environment: DATA_DIR（嵌入式数据库目录 embedded database directory, default ./data）,
  DATABASE_URL（PostgreSQL 连接串 connection string）, QD_ADMIN_PASSWORD
`;

/**
 * Every command opens DATA_DIR itself and is refused while the server holds it (no command works
 * on a copy: a copy of a live PGlite directory is not a consistent snapshot). What to do instead:
 */
const LOCKED_HINTS: Record<string, string> = {
  'audit:verify': '服务器运行时可在“审计日志”页校验（GET /api/audit/verify）。While the server runs, verify from the audit page (GET /api/audit/verify).',
  backup: '嵌入式数据库需先停止服务器再备份（或停止后复制 DATA_DIR）；PostgreSQL 可在服务器运行时备份。On the embedded database stop the server for the backup (or copy DATA_DIR while it is stopped); on PostgreSQL back up while it runs.',
};

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function oneFile(positionals: string[], command: string): string {
  const [file, ...rest] = positionals;
  if (!file) fail(`${command} 需要一个文件路径 / ${command} needs a file path`);
  if (rest.length > 0) fail(`多余的参数 / unexpected arguments: ${rest.join(' ')}`);
  return file;
}

async function withDeps<T>(fn: (deps: Deps) => Promise<T>): Promise<T> {
  const deps = await openDeps(loadConfig());
  try {
    return await fn(deps);
  } finally {
    await deps.db.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  switch (command) {
    case 'migrate': {
      const config = loadConfig();
      const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrate(db);
        console.log(applied.length ? `已执行迁移 Applied: ${applied.join(', ')}` : '数据库已是最新 Database is up to date');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'seed-demo': {
      if (rest.length > 0) fail(`多余的参数 / unexpected arguments: ${rest.join(' ')}`);
      return withDeps(async (deps) => {
        if (!(await isEmpty(deps.db)) || !(await needsSetup(deps))) {
          console.error('数据库中已有数据，不能生成演示数据。The database already has data; seed-demo needs an empty one.');
          return 1;
        }
        const started = Date.now();
        const r = await seedDemo(deps);
        console.log(`已生成演示数据 Demo seeded: ${r.units} 个单位 units, ${r.branches} 个党支部 branches, ${r.people} 人 people, ${r.accounts} 个账号 accounts (${Date.now() - started} ms)`);
        console.log('演示账号密码 Demo password: Demo@2026');
        return 0;
      });
    }
    case 'create-admin': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, 'committee-name': { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > 0) fail(`多余的参数 / unexpected arguments: ${positionals.join(' ')}`);
      if (!values.username) fail('缺少 --username / --username is required');
      if (!values.name) fail('缺少 --name / --name is required');
      const password = values.password ?? process.env.QD_ADMIN_PASSWORD;
      if (!password) fail('缺少密码：请用 --password 或环境变量 QD_ADMIN_PASSWORD 提供 / no password: use --password or QD_ADMIN_PASSWORD');
      const username = values.username;
      const name = values.name;
      return withDeps(async (deps) => {
        const r = await createAdmin(deps, CLI_ACTOR, { username, name, password, committeeName: values['committee-name'], onlyIfFirst: false });
        console.log(`已创建工委管理员 Administrator created: ${username} (account ${r.accountId})`);
        return 0;
      });
    }
    case 'import-orgs':
    case 'import-people': {
      const file = oneFile(rest, command);
      if (!fs.existsSync(file)) {
        console.error(`错误 Error: 文件不存在 / file not found: ${file}`);
        return 1;
      }
      const kind = command === 'import-orgs' ? 'orgs' : 'people';
      return withDeps(async (deps) => {
        const r = await importFromFile(deps, CLI_ACTOR, kind, file);
        if (!r.ok) {
          console.error(`导入失败，共 ${r.errors.length} 处错误，未写入任何数据。Import refused (${r.errors.length} errors); nothing was written.`);
          for (const e of r.errors.slice(0, 200)) {
            const where = e.row > 0 ? `第 ${e.row} 行${e.column ? `「${e.column}」` : ''}` : '文件';
            console.error(`  ${where}：${e.message}`);
          }
          if (r.errors.length > 200) console.error(`  …… 另有 ${r.errors.length - 200} 处错误 (${r.errors.length - 200} more)`);
          return 1;
        }
        const s = r.summary;
        console.log(
          `导入完成 Imported: 新增 ${s?.create ?? 0}，修改 ${s?.update ?? 0}，未变 ${s?.unchanged ?? 0}，停用 ${s?.deactivate ?? 0}` +
            (s?.accounts !== undefined ? `，账号 ${s.accounts}` : '') +
            (s?.roles !== undefined ? `，角色 ${s.roles}` : ''),
        );
        if (r.notice) console.log(r.notice);
        return 0;
      });
    }
    case 'backup': {
      const file = oneFile(rest, command);
      return withDeps(async (deps) => {
        const r = await createBackup(deps, file, CLI_ACTOR);
        console.log(`备份完成 Backup written: ${file}（${r.tables} 张表 tables，${r.rows} 行 rows）`);
        return 0;
      });
    }
    case 'restore': {
      const file = oneFile(rest, command);
      return withDeps(async (deps) => {
        const r = await restoreBackup(deps, file, CLI_ACTOR);
        console.log(`恢复完成 Restored: ${file}（${r.tables} 张表 tables，${r.rows} 行 rows）`);
        console.log(
          `所有登录会话已作废（备份中的 ${r.sessionsDropped} 个会话未恢复），所有用户需重新登录。` +
            ` All sessions were dropped (${r.sessionsDropped} in the backup not restored); everyone must sign in again.`,
        );
        return 0;
      });
    }
    case 'audit:verify': {
      if (rest.length > 0) fail(`多余的参数 / unexpected arguments: ${rest.join(' ')}`);
      return withDeps(async (deps) => {
        const r = await verifyAuditChain(deps.db.kysely);
        if (r.ok) {
          console.log(`审计日志完整 OK：共 ${r.checked} 条 (${r.checked} entries verified)`);
          return 0;
        }
        const bad = r.firstBad;
        const what = bad?.problem === 'removed' ? '被删除 removed' : bad?.problem === 'relinked' ? '链接被改动 relinked' : '被篡改 altered';
        console.error(`审计日志校验失败 FAILED：第 ${bad?.seq} 条（seq ${bad?.seq}）${what}；此前 ${r.checked} 条完好 (${r.checked} good entries before it)`);
        return 1;
      });
    }
    default:
      fail(`未知命令 / unknown command: ${command}`);
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`${e.message}\n`);
    console.error(USAGE);
    process.exitCode = 2;
  } else if (e instanceof AppError) {
    console.error(`错误 Error: ${t(e.code, 'zh-CN', e.params)} / ${t(e.code, 'en', e.params)}`);
    for (const d of e.details) console.error(`  ${d.path}: ${t(d.reason, 'zh-CN', d.params ?? {})}`);
    process.exitCode = 1;
  } else if (e instanceof DataDirLockedError) {
    console.error(`错误 Error: ${e.message}`);
    const hint = LOCKED_HINTS[process.argv[2] ?? ''];
    if (hint) console.error(hint);
    process.exitCode = 1;
  } else if (e instanceof BackupError) {
    console.error(`错误 Error: ${e.message}`);
    process.exitCode = 1;
  } else if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`参数错误 / bad option: ${e.message}\n`);
    console.error(USAGE);
    process.exitCode = 2;
  } else {
    console.error(`错误 Error: ${(e as Error).message ?? String(e)}`);
    process.exitCode = 1;
  }
}
