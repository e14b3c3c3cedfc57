/**
 * Writes the expected records of acceptance-test-config.yml's basic read: every record the built
 * connector reads from the seeded acceptance space. Run it when records change on purpose
 * (`npm run acceptance:expected-records`) and review the diff; the acceptance suite compares
 * against the committed file and never rewrites it.
 */
import fs from 'fs';
import path from 'path';
import { FakeBacklog } from '../../integration_tests/fake-backlog';
import {
  ACCEPTANCE_CLOCK,
  ACCEPTANCE_SPACE,
  acceptanceTestConfig,
  configPointedAt,
  readRepoJson,
  type ExpectedRecord,
} from '../../integration_tests/support/acceptance';
import { runConnector } from '../../integration_tests/support/connector';
import { repoRoot } from '../../integration_tests/support/shared';

async function main(): Promise<void> {
  const [basicRead] = acceptanceTestConfig().acceptance_tests.basic_read.tests;
  const target = basicRead.expect_records?.path;
  if (!target) throw new Error('acceptance-test-config.yml: basic_read names no expect_records');
  const fake = await FakeBacklog.start(ACCEPTANCE_SPACE);
  try {
    const result = await runConnector('read', {
      config: configPointedAt(basicRead.config_path, fake.url),
      catalog: readRepoJson(basicRead.configured_catalog_path),
    });
    if (result.exitCode !== 0) throw new Error(`read failed:\n${result.stdout}${result.stderr}`);
    const lines = result.messages
      .filter((message) => message.type === 'RECORD')
      .map((message): ExpectedRecord => ({
        stream: message.record!.stream,
        data: message.record!.data,
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
