import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The layers of docs/design.md, top to bottom; a module imports only from layers below its own. */
const LAYERS = [
  ['main'],
  ['sync', 'views-cli'],
  ['plain-cli'],
  ['cli'],
  ['commands'],
  ['connector'],
  ['views'],
  ['runtime'],
  ['streams'],
  ['listing'],
  ['incremental', 'fanout'],
  ['stream'],
  ['config'],
  ['backlog'],
  ['protocol'],
];
const ROOT = __dirname;

function layerOf(file: string): number {
  const [first] = relative(ROOT, file).split('/');
  const name = first.replace(/\.ts$/, '');
  const index = LAYERS.findIndex((layer) => layer.includes(name));
  if (index < 0) throw new Error(`${file} is in no layer of docs/design.md`);
  return index;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.fixture.ts')
      ? [path]
      : [];
  });
}

function importedFile(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  try {
    if (statSync(target).isDirectory()) return join(target, 'index.ts');
  } catch {
    // not a folder: a module file
  }
  return `${target}.ts`;
}

describe('layers', () => {
  it('every module imports only from its own layer or the layers below it', () => {
    const upward: string[] = [];
    for (const file of sourceFiles(ROOT)) {
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/from '(\.[^']+)'/g)) {
        const target = importedFile(file, specifier);
        if (layerOf(target) < layerOf(file)) {
          upward.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });
});
