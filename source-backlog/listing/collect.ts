import { isNotFound } from '../backlog/errors';

/** Every row of a paged list. */
export async function allRows<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for await (const page of pages) rows.push(...page);
  return rows;
}

/**
 * What `read` returns, or undefined when what it reads (an issue, a page, a pull request, a user)
 * was deleted between being listed and being read (404): there is nothing left to copy.
 */
export async function unlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Every row of a paged list, or none when the list's owner was deleted meanwhile. */
export async function allRowsOrNone<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  return (await unlessGone(() => allRows(pages))) ?? [];
}
