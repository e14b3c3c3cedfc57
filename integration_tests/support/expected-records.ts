/**
 * The records a read of the fake space must emit, taken from what the server holds (its truth),
 * never from a connector run, and the comparison the acceptance suite makes against them.
 */
import type { FakeBacklog } from '../fake-backlog';
import { canonical } from './protocol';
import { serverData, type Row } from './server-data';

export interface StreamRecord {
  stream: string;
  data: Row;
}

/**
 * Every record of every stream, as the connector emits it: the server's rows, plus the parent keys
 * the connector adds where Backlog leaves them out (a pull-request comment names neither its
 * repository nor its pull request).
 */
export function expectedRecordsOf(server: FakeBacklog): StreamRecord[] {
  const { store } = server;
  return Object.entries(serverData(server)).flatMap(([stream, rows]) =>
    rows.map((row) => {
      // Only what JSON carries: the store may hold undefined fields that a response drops.
      const data = JSON.parse(JSON.stringify(row)) as Row;
      if (stream !== 'pull_request_comments') return { stream, data };
      const pullRequestId = store.pullRequestIdOfComment(data.id as number);
      const pullRequest = store.pullRequests.find((pr) => pr.id === pullRequestId)!;
      return {
        stream,
        data: {
          ...data,
          repositoryId: pullRequest.repositoryId,
          pullRequestNumber: pullRequest.number,
        },
      };
    }),
  );
}

export interface RecordDifferences {
  /** Expected records the read did not emit. */
  missing: string[];
  /** Records the read emitted that are not expected. */
  extra: string[];
  /** Records the read emitted more than once. */
  duplicated: string[];
}

/** How a read's records differ from the expected ones, each record as one canonical line. */
export function recordDifferences(
  read: StreamRecord[],
  expected: StreamRecord[],
): RecordDifferences {
  const lines = (records: StreamRecord[]) =>
    records.map(({ stream, data }) => canonical({ stream, data }));
  const readLines = lines(read);
  const expectedLines = new Set(lines(expected));
  const readSet = new Set(readLines);
  return {
    missing: [...expectedLines].filter((line) => !readSet.has(line)).sort(),
    extra: [...readSet].filter((line) => !expectedLines.has(line)).sort(),
    duplicated: [...new Set(readLines.filter((line, i) => readLines.indexOf(line) !== i))].sort(),
  };
}
