import fs from 'fs';
import path from 'path';

/** The repository root: the nearest directory above this file that holds package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/**
 * `../shared` next to the repository (reference data: Airbyte protocol, Backlog fixtures), or
 * null when this clone has no such sibling. Files there are read in place, never copied.
 */
export function sharedDir(): string | null {
  const dir = path.resolve(repoRoot(), '..', 'shared');
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? dir : null;
}

/** `describe` when ../shared exists; otherwise `describe.skip` and one line saying why. */
export function describeWithShared(name: string, fn: () => void): void {
  if (sharedDir() !== null) {
    describe(name, fn);
    return;
  }
  // eslint-disable-next-line no-console
  console.log(`${name}: skipped: ../shared is absent (reference data lives there)`);
  describe.skip(name, fn);
}
