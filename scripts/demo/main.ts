/**
 * `npm run demo`: the connector's `sync` against the fake Backlog server (test equipment), with
 * nothing to set up. Starts the fake with seeded data, syncs it into a fresh DuckDB file, changes
 * the space (issues updated, added and deleted, comments, a wiki page, a document), syncs again
 * (incremental), then shows what changed and a few queries over the tables.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FakeBacklog } from '../../integration_tests/fake-backlog';
import { CLI, configFor, GENEROUS_RATE_LIMITS } from '../../integration_tests/support/connector';
import { withWarehouse, type TableRow } from '../../integration_tests/support/sync';
import { heading, say, table } from '../bench/format';

const DB_PATH = 'backlog-demo.duckdb';

/** Runs `source-backlog sync` in the foreground: its progress and summary are the demo's. */
function sync(configPath: string): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'sync', '--config', configPath, '--db', DB_PATH], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`sync exited with code ${code}`)),
    );
  });
}

function query(sql: string): Promise<TableRow[]> {
  return withWarehouse(DB_PATH, (run) => run(sql));
}

async function rowCounts(): Promise<Map<string, number>> {
  const tables = await query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_airbyte%' ESCAPE '\\' ORDER BY 1",
  );
  const counts = new Map<string, number>();
  for (const { table_name: name } of tables) {
    const [{ n }] = await query(`SELECT count(*) AS n FROM "${String(name)}"`);
    counts.set(String(name), Number(n));
  }
  return counts;
}

/** Changes a user could make in Backlog between two syncs, described in words. */
function changeTheSpace(fake: FakeBacklog): { done: string[]; deletedIssueKey: string } {
  const { store } = fake;
  const done: string[] = [];
  const [first, second, third, fourth, fifth] = store.issues;
  for (const issue of [first, second, third]) {
    const closed = store.metadata.get(issue.projectId)!.statuses.find((s) => s.name === 'Closed')!;
    store.updateIssue(issue.id, { status: closed, comment: 'Done, closing.' });
    done.push(`closed ${issue.issueKey} (with a comment)`);
  }
  const added = store.addIssue('PRJ2', { summary: 'Write the onboarding guide' });
  store.addIssue('PRJ2', { summary: 'Try source-backlog sync' });
  done.push(`added ${added.issueKey} and one more issue in PRJ2`);
  store.addComment(fourth.id, 'Any news on this?');
  done.push(`commented on ${fourth.issueKey}`);
  store.deleteIssue(fifth.id);
  done.push(`deleted ${fifth.issueKey}`);
  store.updateWiki(store.wikis[0].id, { content: 'Rewritten home page' });
  done.push(`edited the wiki page "${store.wikis[0].name}"`);
  const document = store.addDocument('PRJ1', { title: 'Release notes' });
  done.push(`added the document "${document.title}"`);
  return { done, deletedIssueKey: fifth.issueKey };
}

async function showWhatChanged(
  before: Map<string, number>,
  syncedAt: Date,
  deletedIssueKey: string,
): Promise<void> {
  heading('What the second sync changed');
  const after = await rowCounts();
  const rewritten = new Map<string, number>();
  for (const name of after.keys()) {
    const [{ n }] = await query(
      `SELECT count(*) AS n FROM "${name}" WHERE _airbyte_extracted_at > '${syncedAt.toISOString()}'`,
    );
    rewritten.set(name, Number(n));
  }
  table([
    ['table', 'rows before', 'rows after', 'rows written by sync 2'],
    ...[...after.keys()]
      // Full-refresh tables are rewritten whole by every sync: only the incremental ones tell.
      .filter(
        (name) =>
          before.get(name) !== after.get(name) ||
          (rewritten.get(name)! > 0 && rewritten.get(name)! < after.get(name)!),
      )
      .map((name) => [name, before.get(name) ?? 0, after.get(name)!, rewritten.get(name)!]),
  ]);
  say('(Full-refresh tables, such as projects or users, are replaced whole by every sync.)');
  say();
  say('Issues written by the second sync:');
  const issues = await query(
    `SELECT issueKey, summary, status->>'name' AS status, updated FROM issues WHERE _airbyte_extracted_at > '${syncedAt.toISOString()}' ORDER BY issueKey`,
  );
  table([
    ['issueKey', 'summary', 'status', 'updated'],
    ...issues.map((row) => [
      String(row.issueKey),
      String(row.summary),
      String(row.status),
      new Date(Number(row.updated)).toISOString(),
    ]),
  ]);
  const [{ n }] = await query(
    `SELECT count(*) AS n FROM issues WHERE issueKey = '${deletedIssueKey}'`,
  );
  say();
  say(
    `${deletedIssueKey}, deleted in Backlog, ${Number(n) === 0 ? 'is gone from issues' : 'is STILL in issues'} (its tombstone carried _ab_cdc_deleted_at).`,
  );
}

async function showQueries(): Promise<void> {
  const examples: Array<[string, string]> = [
    [
      'Issues per status',
      `SELECT status->>'name' AS status, count(*) AS issues
FROM issues GROUP BY 1 ORDER BY issues DESC`,
    ],
    [
      'Comments per project (comments of deleted issues left out: Backlog does not report them)',
      `SELECT p.projectKey AS project, count(*) AS comments
FROM issue_comments c JOIN issues i ON i.id = c.issueId JOIN projects p ON p.id = i.projectId
GROUP BY 1 ORDER BY 1`,
    ],
    [
      'Issues per category (issue_categories: a flatten view, one row per category of an issue)',
      `SELECT c.name AS category, count(*) AS issues
FROM issue_categories c GROUP BY 1 ORDER BY issues DESC, category`,
    ],
    [
      'Score per severity in PRJ1 (issue_custom_fields_prj1: one typed column per custom field)',
      `SELECT coalesce("Severity", '(none)') AS severity, count(*) AS issues,
       round(avg("Score"), 1) AS avg_score
FROM issue_custom_fields_prj1 GROUP BY 1 ORDER BY 1`,
    ],
  ];
  for (const [title, sql] of examples) {
    heading(title);
    say(sql);
    say();
    const rows = await query(sql);
    const columns = Object.keys(rows[0] ?? {});
    table([columns, ...rows.map((row) => columns.map((column) => String(row[column])))]);
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) {
    throw new Error(
      `${relative(process.cwd(), CLI)} is missing: run "npm ci && npm run build" first`,
    );
  }
  rmSync(DB_PATH, { force: true });
  rmSync(`${DB_PATH}.wal`, { force: true });
  const fake = await FakeBacklog.start({
    projects: 3,
    issues: 150,
    commentsPerIssue: 2,
    rateLimit: GENEROUS_RATE_LIMITS,
  });
  const workDir = mkdtempSync(join(tmpdir(), 'source-backlog-demo-'));
  try {
    const configPath = join(workDir, 'config.json');
    writeFileSync(configPath, JSON.stringify(configFor(fake.url)));
    say(
      `A fake Backlog space is running at ${fake.url} (${fake.store.issues.length} issues, ${fake.store.comments.length} comments, wikis, documents, pull requests…).`,
    );
    say(`Config: ${JSON.stringify(configFor(fake.url))}`);

    heading(`1. First sync into ${DB_PATH}`);
    await sync(configPath);
    const before = await rowCounts();
    const syncedAt = new Date();

    heading('2. Changes in the space');
    const { done, deletedIssueKey } = changeTheSpace(fake);
    for (const change of done) say(`- ${change}`);

    heading('3. Second sync: incremental, only what changed is read');
    await sync(configPath);

    await showWhatChanged(before, syncedAt, deletedIssueKey);
    await showQueries();
    say();
    say(`The tables stay in ${DB_PATH}: open it with any DuckDB client, or run the demo again.`);
    say(
      'Against a real space: node dist/source-backlog/main.js sync --config config.json (README).',
    );
  } finally {
    await fake.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
