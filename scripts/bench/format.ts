/** Output helpers: the bench prints plain text tables to stdout (no console: lint forbids it). */

export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function heading(title: string): void {
  say();
  say(title);
  say('='.repeat(title.length));
}

/** Prints rows as an aligned table; the first row is the header. Numbers align right. */
export function table(rows: Array<Array<string | number>>): void {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  const numeric = (text: string) => /^[-+]?[\d,.]+( ?[a-zA-Z%×/]+)?$/.test(text);
  const render = (row: string[]) =>
    row
      .map((cell, i) => (numeric(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  say(render(cells[0]));
  say(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells.slice(1)) say(render(row));
}

export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
