/**
 * Benchmark suite: `npm run bench` (all), `npm run bench -- latency budget` (some),
 * BENCH_QUICK=1 for a smoke run with sizes ÷10. Prints a table per benchmark and a summary with
 * PASS/MISS per goal. Figures, not tests: a MISS does not fail the run; a crash or a wrong
 * record count does (exit code 1).
 */
import { budgetBenchmark } from './bench-budget';
import { cpus } from 'node:os';
import type { Benchmark, BenchSettings, GoalResult } from './common';
import { assertBuilt } from './connector';
import { heading, say, seconds, table } from './format';
import { incrementalBenchmark } from './bench-incremental';
import { latencyBenchmark } from './bench-latency';
import { syncBenchmark } from './bench-sync';
import { throughputBenchmark } from './bench-throughput';

const BENCHMARKS: Benchmark[] = [
  latencyBenchmark,
  budgetBenchmark,
  incrementalBenchmark,
  throughputBenchmark,
  syncBenchmark,
];

async function main(): Promise<number> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    say(
      `Unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.map((b) => b.name).join(', ')}.`,
    );
    return 2;
  }
  const selected = names.length > 0 ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
  const settings: BenchSettings = { quick: process.env.BENCH_QUICK === '1' };
  assertBuilt();
  say(
    `source-backlog benchmarks${settings.quick ? ' (BENCH_QUICK=1: sizes ÷10, figures not comparable to the goals)' : ''}: ${selected.map((b) => b.name).join(', ')}`,
  );
  say(`Node ${process.version}, ${cpus().length} CPUs`);

  const started = performance.now();
  const results: GoalResult[] = [];
  let failed = false;
  for (const benchmark of selected) {
    heading(benchmark.title);
    const benchStarted = performance.now();
    try {
      results.push(...(await benchmark.run(settings)));
    } catch (error) {
      failed = true;
      say(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
      results.push({
        benchmark: benchmark.name,
        metric: 'run',
        value: 'ERROR',
        goal: '-',
        pass: false,
      });
    }
    say(`(${benchmark.name} took ${seconds(performance.now() - benchStarted)})`);
  }

  heading('Summary');
  table([
    ['benchmark', 'metric', 'value', 'goal', 'result'],
    ...results.map((r) => [
      r.benchmark,
      r.metric,
      r.value,
      r.goal,
      r.pass === undefined ? '-' : r.pass ? 'PASS' : 'MISS',
    ]),
  ]);
  say();
  say(`Total time ${seconds(performance.now() - started)}.`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
