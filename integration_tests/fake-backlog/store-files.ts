/** Shared files of the store: directory lookups and addSharedFile (activity 8). */
import { directoryPath } from './generate-files';
import type { StoreKernel } from './store-kernel';
import type { SharedFile, User } from './types';

/** '/docs/specs/' from 'docs/specs', '/docs/specs', '/docs/specs/' or ['docs', 'specs']. */
export function normalizeDirectory(path: string | string[]): string {
  const segments = (Array.isArray(path) ? path : path.split('/')).filter((s) => s !== '');
  return segments.length === 0 ? '/' : `/${segments.join('/')}/`;
}

export class SharedFileStore {
  constructor(
    private readonly k: StoreKernel,
    readonly sharedFiles: SharedFile[],
  ) {}

  /** Whether `dir` ('/' or '/a/b/') is the root or a directory entry of the project. */
  isDirectory(projectId: number, dir: string): boolean {
    return (
      dir === '/' ||
      this.sharedFiles.some(
        (f) => f.projectId === projectId && f.type === 'directory' && directoryPath(f) === dir,
      )
    );
  }

  /** The entries directly in `dir`, ascending id. */
  entriesIn(projectId: number, dir: string): SharedFile[] {
    return this.sharedFiles.filter((f) => f.projectId === projectId && f.dir === dir);
  }

  /**
   * Adds a file to `dir` (missing directories are created first, without activities);
   * activity 8. Throws if an entry of that name exists there.
   */
  add(
    projectIdOrKey: string | number,
    dir: string,
    name: string,
    size: number,
    actor: User,
  ): SharedFile {
    const project = this.k.project(projectIdOrKey);
    const target = normalizeDirectory(dir);
    if (this.entriesIn(project.id, target).some((f) => f.name === name)) {
      throw new Error(`${target}${name} exists`);
    }
    const now = this.k.stamp();
    const segments = target.split('/').filter((s) => s !== '');
    segments.forEach((segment, i) => {
      const parent = normalizeDirectory(segments.slice(0, i));
      if (!this.isDirectory(project.id, `${parent}${segment}/`)) {
        this.sharedFiles.push(
          this.entry(project.id, 'directory', parent, segment, null, actor, now),
        );
      }
    });
    const file = this.entry(project.id, 'file', target, name, size, actor, now);
    this.sharedFiles.push(file);
    this.k.activity(project, 8, { id: file.id, dir: target, name, size }, actor, now);
    return file;
  }

  private entry(
    projectId: number,
    type: SharedFile['type'],
    dir: string,
    name: string,
    size: number | null,
    actor: User,
    now: string,
  ): SharedFile {
    return {
      id: this.k.counters.sharedFile++,
      projectId,
      type,
      dir,
      name,
      size,
      createdUser: actor,
      created: now,
      updatedUser: null,
      updated: now,
    };
  }
}
