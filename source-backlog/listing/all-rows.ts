import { isNotFound } from '../backlog/errors';

/**
 * Every row of a paged list, or none when the list's owner (a page, a user, an issue) was deleted
 * between being listed and being read (404): there is nothing left to copy.
 */
export async function allRowsOrNone<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const rows: T[] = [];
  try {
    for await (const page of pages) rows.push(...page);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return rows;
}
