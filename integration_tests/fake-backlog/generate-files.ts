/**
 * Seeded shared-file trees, one per project with file sharing on:
 *   /                         files
 *   /docs/                    files   (a chain `sharedFileDepth` directories deep:
 *   /docs/specs/              files    docs, specs, "2024 議事録", "old drafts", ...)
 *   /docs/specs/2024 議事録/  files
 *   /デザイン 資料/           files
 * Parents are created before their entries, ids follow creation order across projects.
 * Activities: 8 (file added) per file, 9 (file updated) per file with an updatedUser.
 */
import { pick, randomInt, seededRandom } from './random';
import {
  activityOf,
  creationTimes,
  laterTime,
  type IdCounters,
  type PendingActivity,
} from './seed-common';
import { isoSeconds } from './time';
import type { Project, SharedFile, User } from './types';

export interface FileTreeOptions {
  seed: number;
  filesPerDirectory: number;
  filesForDirectory: Record<string, number>;
  depth: number;
}

const CHAIN = ['docs', 'specs', '2024 議事録', 'old drafts', 'v1', 'v2', 'v3', 'v4'];
const SIDE_DIRECTORY = 'デザイン 資料';
const FILE_NAMES = ['report {n}.pdf', '仕様書 {n}.docx', 'meeting notes {n}.txt', 'logo-{n}.png'];

interface Planned {
  project: Project;
  dir: string;
  name: string;
  type: 'file' | 'directory';
}

/** Entries of one project's tree in creation order (a directory before its contents). */
function plan(project: Project, o: FileTreeOptions): Planned[] {
  const out: Planned[] = [];
  const files = (dir: string) => {
    const n = o.filesForDirectory[dir] ?? o.filesPerDirectory;
    for (let k = 1; k <= n; k++) {
      const name = FILE_NAMES[(k - 1) % FILE_NAMES.length].replace('{n}', String(k));
      out.push({ project, dir, name, type: 'file' });
    }
  };
  files('/');
  let parent = '/';
  for (let level = 0; level < Math.max(1, o.depth); level++) {
    const name = CHAIN[level] ?? `level ${level + 1}`;
    out.push({ project, dir: parent, name, type: 'directory' });
    parent = `${parent}${name}/`;
    files(parent);
  }
  out.push({ project, dir: '/', name: SIDE_DIRECTORY, type: 'directory' });
  files(`/${SIDE_DIRECTORY}/`);
  return out;
}

export function generateSharedFiles(
  projects: Project[],
  users: User[],
  counters: IdCounters,
  o: FileTreeOptions,
): { sharedFiles: SharedFile[]; events: PendingActivity[] } {
  const rand = seededRandom(o.seed ^ 0xf11e5);
  const plans = projects.filter((p) => p.useFileSharing).map((p) => plan(p, o));
  // Round-robin over projects keeps each project's order and interleaves their ids.
  const ordered: Planned[] = [];
  for (let k = 0; k < Math.max(0, ...plans.map((p) => p.length)); k++) {
    for (const p of plans) if (k < p.length) ordered.push(p[k]);
  }
  const times = creationTimes(rand, ordered.length);
  const sharedFiles: SharedFile[] = [];
  const events: PendingActivity[] = [];
  ordered.forEach((entry, i) => {
    const isFile = entry.type === 'file';
    const createdUser = pick(rand, users);
    const created = isoSeconds(times[i]);
    const edited = isFile && i % 4 === 3;
    const updated = edited ? isoSeconds(laterTime(rand, times[i], 60)) : created;
    const file: SharedFile = {
      id: counters.sharedFile++,
      projectId: entry.project.id,
      type: entry.type,
      dir: entry.dir,
      name: entry.name,
      size: isFile ? randomInt(rand, 100, 5_000_000) : null,
      createdUser,
      created,
      updatedUser: edited ? pick(rand, users) : null,
      updated,
    };
    sharedFiles.push(file);
    if (!isFile) return;
    const content = { id: file.id, dir: file.dir, name: file.name, size: file.size };
    events.push({
      time: times[i],
      group: 2,
      rank: file.id * 2,
      make: activityOf(entry.project, 8, content, createdUser, created),
    });
    if (file.updatedUser) {
      events.push({
        time: Date.parse(updated),
        group: 2,
        rank: file.id * 2 + 1,
        make: activityOf(entry.project, 9, content, file.updatedUser, updated),
      });
    }
  });
  return { sharedFiles, events };
}

/** The path of a directory entry ('/docs/specs/'), or of the root ('/'). */
export function directoryPath(entry: Pick<SharedFile, 'dir' | 'name'>): string {
  return `${entry.dir}${entry.name}/`;
}
