/**
 * The baseline of the latency benchmark: what a user would write instead of the connector, with
 * Nulab's official client (backlog-js). Sequential: issues 100 at a time by offset, then for each
 * issue its comments 100 at a time (minId, ascending), every record written as one JSON line to
 * stdout ({"stream":…,"data":…}), waiting for the pipe when it is full.
 *
 * backlog-js always builds https://<host>/api/v2/… URLs; it takes a `fetch` in its
 * configuration, which here rewrites that origin to the fake server's http://127.0.0.1:port.
 * backlog-js sends an API key as a `Backlog-API-Key` header, which the fake does not read, so
 * this run authenticates with a static bearer token the fake is started with.
 *
 * Usage: node --import tsx scripts/bench/exporter.ts <fake url> <access token>
 */
import { Backlog } from 'backlog-js';

const HOST = 'bench-space.backlog.com';
const PAGE = 100;

function rewritingFetch(target: string): typeof globalThis.fetch {
  const from = `https://${HOST}`;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(from)) throw new Error(`unexpected URL ${url}`);
    return fetch(target + url.slice(from.length), init);
  };
}

async function writeLine(stream: string, data: unknown): Promise<void> {
  if (!process.stdout.write(`${JSON.stringify({ stream, data })}\n`)) {
    await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
  }
}

async function main(): Promise<void> {
  const [target, accessToken] = process.argv.slice(2);
  if (!target || !accessToken) throw new Error('usage: exporter.ts <fake url> <access token>');
  const backlog = new Backlog({ host: HOST, accessToken, fetch: rewritingFetch(target) });

  const issueIds: number[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const issues = await backlog.getIssues({ offset, count: PAGE, sort: 'created', order: 'asc' });
    for (const issue of issues) {
      issueIds.push(issue.id);
      await writeLine('issues', issue);
    }
    if (issues.length < PAGE) break;
  }
  for (const issueId of issueIds) {
    let minId: number | undefined;
    for (;;) {
      const comments = await backlog.getIssueComments(issueId, {
        count: PAGE,
        order: 'asc',
        ...(minId === undefined ? {} : { minId }),
      });
      for (const comment of comments) await writeLine('issue_comments', { ...comment, issueId });
      if (comments.length < PAGE) break;
      minId = comments[comments.length - 1].id;
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `exporter failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
