/** Where the views and the tables they read live: `--database` and `--schema` of `views`. */
export interface Qualifier {
  database?: string;
  schema?: string;
}

/** `name` quoted by `quote`, after the database and schema when given. */
export function qualifiedName(
  name: string,
  quote: (part: string) => string,
  at: Qualifier = {},
): string {
  return [at.database, at.schema, name]
    .filter((part): part is string => part !== undefined && part !== '')
    .map(quote)
    .join('.');
}
