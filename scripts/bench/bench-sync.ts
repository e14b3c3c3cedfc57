/**
 * 5. Sync into DuckDB: records per second, and does loading keep up with reading? 25,000 issues
 * with one comment each, no latency, budgets out of the way. `source-backlog sync --streams
 * issues,issue_comments` into a fresh DuckDB file, against a plain `read` of the same streams
 * (records counted and dropped), alternated R, S, R, S; medians. The sync's wall time includes
 * what only it does: a `discover` run, opening DuckDB, preparing the tables, committing at every
 * checkpoint. Its own summary says how long loading was busy (typing, appending, committing):
 * well under the wall time means the reader, not the loader, sets the pace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { FakeBacklog } from '../../integration_tests/fake-backlog';
import { CLI, configFor, configuredCatalog } from '../../integration_tests/support/connector';
import { withWarehouse } from '../../integration_tests/support/sync';
import { runChild } from './child';
import { checkCounts, scaled, UNLIMITED_RATE_LIMITS, type Benchmark } from './common';
import { assertSucceeded, CONNECTOR_RECORD_PREFIX, runRead } from './connector';
import { fixed, int, median, say, seconds, table } from './format';

const STREAMS = ['issues', 'issue_comments'];
/** Loading busy for at most this share of the sync: the connector's reading sets the pace. */
const LOADING_SHARE_GOAL = 0.5;
const ROUNDS = 2;

interface Run {
  wallMs: number;
  records: number;
  cpuMs?: number;
  peakRssMb?: number;
  /** sync only: the loader's busy time, from its summary line. */
  loadingMs?: number;
}

export const syncBenchmark: Benchmark = {
  name: 'sync',
  title: '5. Sync into DuckDB: records per second, and whether loading keeps up with reading',
  async run(settings) {
    const size = scaled(settings, 25_000);
    const fake = await FakeBacklog.start({
      issues: size,
      commentsPerIssue: 1,
      rateLimit: UNLIMITED_RATE_LIMITS,
    });
    const dir = mkdtempSync(join(tmpdir(), 'source-backlog-bench-sync-'));
    try {
      const expected = {
        issues: fake.store.issues.length,
        issue_comments: fake.store.comments.length,
      };
      const config = configFor(fake.url);
      const configPath = join(dir, 'config.json');
      writeFileSync(configPath, JSON.stringify(config));
      // The catalog `sync` configures: incremental, a first sync.
      const catalog = await configuredCatalog(fake.url, STREAMS);
      const reads: Run[] = [];
      const syncs: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const read = await runRead({ config, catalog });
        assertSucceeded(read, `read of ${size} issues`);
        checkCounts('read', read.records, expected);
        reads.push({ ...read, records: [...read.records.values()].reduce((a, b) => a + b, 0) });
        syncs.push(await measureSync(configPath, join(dir, `round-${round}.duckdb`), expected));
      }

      const rate = (run: Run) => run.records / (run.wallMs / 1000);
      table([
        [
          'run',
          'records',
          'wall',
          'records/s',
          'loading busy',
          'CPU (main process)',
          'peak RSS (main process)',
        ],
        ...[
          ...reads.map((r) => ['read', r] as const),
          ...syncs.map((r) => ['sync', r] as const),
        ].map(([name, r]) => [
          name,
          int(r.records),
          seconds(r.wallMs),
          int(rate(r)),
          r.loadingMs === undefined
            ? '-'
            : `${seconds(r.loadingMs)} (${int((100 * r.loadingMs) / r.wallMs)}%)`,
          r.cpuMs === undefined
            ? 'n/a'
            : `${seconds(r.cpuMs)} (${int((100 * r.cpuMs) / r.wallMs)}%)`,
          r.peakRssMb === undefined ? 'n/a' : `${int(r.peakRssMb)} MB`,
        ]),
      ]);
      const readMs = median(reads.map((r) => r.wallMs));
      const syncMs = median(syncs.map((r) => r.wallMs));
      const syncRate = median(syncs.map(rate));
      const ratio = syncMs / readMs;
      const loadingShare = median(syncs.map((r) => (r.loadingMs ?? r.wallMs) / r.wallMs));
      say(
        `(sync: the sync process, which parses the connector's messages and loads DuckDB; the connector it runs is a child of its own, not counted in its CPU. Row counts checked in the DuckDB file after each sync.)`,
      );
      say();
      say(
        `sync of ${int(size)} issues + ${int(size)} comments: ${int(syncRate)} records/s (median of ${ROUNDS}); loading busy ${int(100 * loadingShare)}% of the sync (goal ≤ ${int(100 * LOADING_SHARE_GOAL)}%); wall sync/read ${fixed(ratio)}.`,
      );
      say(
        '(On 2 cores the fake, the connector and the loader share the CPU: what loading costs shows in the wall ratio even when it keeps up.)',
      );
      return [
        {
          benchmark: 'sync',
          metric: `sync records/s (${int(size)} issues + 1 comment each)`,
          value: int(syncRate),
          goal: '(reported)',
        },
        {
          benchmark: 'sync',
          metric: 'loading busy / sync wall (loading keeps up)',
          value: `${int(100 * loadingShare)}%`,
          goal: `≤ ${int(100 * LOADING_SHARE_GOAL)}%`,
          pass: loadingShare <= LOADING_SHARE_GOAL,
        },
        {
          benchmark: 'sync',
          metric: 'sync wall / read wall',
          value: `${fixed(ratio)} (${seconds(syncMs)} / ${seconds(readMs)})`,
          goal: '(reported)',
        },
      ];
    } finally {
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function measureSync(
  configPath: string,
  dbPath: string,
  expected: Record<string, number>,
): Promise<Run> {
  let summary = '';
  const result = await runChild({
    command: process.execPath,
    args: [CLI, 'sync', '--config', configPath, '--db', dbPath, '--streams', STREAMS.join(',')],
    env: { ...process.env, LOG_LEVEL: 'INFO' },
    recordPrefix: CONNECTOR_RECORD_PREFIX,
    onOtherLine: (line) => (summary += `${line}\n`),
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `sync exited ${result.exitCode ?? result.signal}: ${result.stderr.slice(-2000)}`,
    );
  }
  const headline = summary.split('\n')[0];
  say(`  ${headline}`);
  const loading = /loading busy ([\d.]+) s/.exec(headline);
  const rows = await withWarehouse(dbPath, async (query) => {
    const counts = new Map<string, number>();
    for (const stream of STREAMS) {
      counts.set(stream, Number((await query(`SELECT count(*) AS n FROM ${stream}`))[0].n));
    }
    return counts;
  });
  checkCounts(`sync into ${dbPath}`, rows, expected);
  return {
    wallMs: result.wallMs,
    records: [...rows.values()].reduce((a, b) => a + b, 0),
    cpuMs: result.cpuMs,
    peakRssMb: result.peakRssMb,
    loadingMs: loading ? Number(loading[1]) * 1000 : undefined,
  };
}
