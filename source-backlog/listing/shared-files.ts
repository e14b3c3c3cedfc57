import type { BacklogClient } from '../backlog/client';
import { isNotFound } from '../backlog/errors';
import { offsetPages } from '../backlog/pagination';
import type { Project } from '../stream/project-scope';

export interface SharedFile {
  id: number;
  type: 'file' | 'directory' | string;
  /** The parent directory, with leading and trailing slashes ("/" at the root). */
  dir: string;
  name: string;
  [field: string]: unknown;
}

/** GET /projects/:p/files/metadata/:path takes the directory path below the root, each segment encoded. */
function metadataPath(project: Project, directory: string): string {
  const segments = directory.split('/').filter((segment) => segment.length > 0);
  return `/projects/${project.id}/files/metadata/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * Every entry of a project's shared files, directories included, breadth first. A directory
 * removed while the walk runs (404) is skipped.
 */
export async function* walkSharedFiles(
  client: BacklogClient,
  project: Project,
): AsyncGenerator<SharedFile[]> {
  const directories = ['/'];
  for (let next = directories.shift(); next !== undefined; next = directories.shift()) {
    try {
      for await (const page of offsetPages<SharedFile>(client, metadataPath(project, next), {
        order: 'asc',
      })) {
        for (const entry of page) {
          if (entry.type === 'directory') directories.push(`${entry.dir}${entry.name}/`);
        }
        yield page;
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
