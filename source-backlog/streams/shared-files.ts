import { walkSharedFiles } from '../listing/shared-files';
import { record, type StreamDefinition } from '../stream/definition';

export const sharedFiles: StreamDefinition = {
  name: 'shared_files',
  about: {
    cost: { full: '1 per directory (per 100 entries)' },
    endpoint: 'GET /projects/:id/files/metadata/:path',
    notes: 'files and directories, nested directories walked',
  },
  parentKeys: ['projectId'],
  module: 'useFileSharing',
  async *read({ client, projects }) {
    for (const project of await projects.with('useFileSharing')) {
      for await (const page of walkSharedFiles(client, project)) {
        for (const entry of page)
          yield record({ ...entry, projectId: entry.projectId ?? project.id });
      }
    }
  },
};
