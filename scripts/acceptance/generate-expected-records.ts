/**
 * Writes the expected records of acceptance-test-config.yml's basic read from what the seeded
 * acceptance space of the fake server holds (its truth), not from a connector run: a connector
 * bug cannot write itself into the expectations. Run it when the fake space changes on purpose
 * (`npm run acceptance:expected-records`) and review the diff; the acceptance suite checks the
 * committed file against the space and against a read, and never rewrites it.
 */
import fs from 'fs';
import path from 'path';
import { FakeBacklog } from '../../integration_tests/fake-backlog';
import {
  ACCEPTANCE_CLOCK,
  ACCEPTANCE_SPACE,
  acceptanceTestConfig,
  type ExpectedRecord,
} from '../../integration_tests/support/acceptance';
import { expectedRecordsOf } from '../../integration_tests/support/expected-records';
import { repoRoot } from '../../integration_tests/support/shared';

async function main(): Promise<void> {
  const [basicRead] = acceptanceTestConfig().acceptance_tests.basic_read.tests;
  const target = basicRead.expect_records?.path;
  if (!target) throw new Error('acceptance-test-config.yml: basic_read names no expect_records');
  const fake = await FakeBacklog.start(ACCEPTANCE_SPACE);
  try {
    const lines = expectedRecordsOf(fake)
      .map(({ stream, data }): ExpectedRecord => ({
        stream,
        data,
        // The space's clock, not the run's: the file must not change when nothing else does.
        emitted_at: ACCEPTANCE_CLOCK.getTime(),
      }))
      .map((record) => JSON.stringify(record));
    fs.writeFileSync(path.join(repoRoot(), target), `${lines.join('\n')}\n`);
    process.stdout.write(`${target}: ${lines.length} records\n`);
  } finally {
    await fake.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
