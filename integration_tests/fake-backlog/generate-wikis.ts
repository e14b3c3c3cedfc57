/**
 * Seeded wiki pages: `wikisPerProject` per project with the wiki on, created round-robin over
 * the projects (ids follow creation order). Page k of a project: k = 0 is "Home"; pages with
 * k % 3 !== 2 were edited later; isTiedWithPrevious(k) pages share `updated` with page k - 1.
 * Activities: 5 (created) at `created`, 6 (updated) at `updated` when it differs.
 */
import { pick, seededRandom } from './random';
import {
  activityOf,
  creationTimes,
  roundRobinUpdated,
  type IdCounters,
  type PendingActivity,
} from './seed-common';
import { seededAttachment, seededStar } from './seed-rows';
import { isoSeconds } from './time';
import type { Project, SharedFile, Tag, User, WikiPage } from './types';

const TOPICS = ['Meeting notes', '議事録', 'Release plan', 'Onboarding/Setup', 'FAQ よくある質問'];

/** Wiki tags of a project (ids projectId * 10 + 1, + 2). */
export function wikiTags(projectId: number): Tag[] {
  return [
    { id: projectId * 10 + 1, name: '議事録' },
    { id: projectId * 10 + 2, name: 'spec' },
  ];
}

/** The activity `content` of a wiki page (types 5, 6, 7). */
export function wikiActivityContent(page: WikiPage): Record<string, unknown> {
  return {
    id: page.id,
    name: page.name,
    content: page.content,
    diff: null,
    version: null,
    attachments: page.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size })),
    shared_files: page.sharedFiles.map((f) => ({ id: f.id, dir: f.dir, name: f.name })),
  };
}

export function generateWikis(
  seed: number,
  perProject: number,
  projects: Project[],
  users: User[],
  sharedFiles: SharedFile[],
  counters: IdCounters,
): { wikis: WikiPage[]; events: PendingActivity[] } {
  const rand = seededRandom(seed ^ 0x3141);
  const withWiki = projects.filter((p) => p.useWiki);
  const total = perProject * withWiki.length;
  const created = creationTimes(rand, total);
  const updated = roundRobinUpdated(rand, created, withWiki.length, (k) =>
    k % 3 === 2 ? null : 90,
  );
  const wikis: WikiPage[] = [];
  const events: PendingActivity[] = [];
  for (let i = 0; i < total; i++) {
    const project = withWiki[i % withWiki.length];
    const k = Math.floor(i / withWiki.length);
    const createdUser = pick(rand, users);
    const createdIso = isoSeconds(created[i]);
    const updatedIso = isoSeconds(updated[i]);
    const tags = wikiTags(project.id);
    const file = sharedFiles.find((f) => f.projectId === project.id && f.type === 'file');
    const id = counters.wiki++;
    const page: WikiPage = {
      id,
      projectId: project.id,
      name: k === 0 ? 'Home' : `${TOPICS[(k - 1) % TOPICS.length]} ${k}`,
      tags: k % 3 === 0 ? [] : k % 3 === 1 ? [tags[0]] : tags,
      createdUser,
      created: createdIso,
      updatedUser: updated[i] === created[i] ? createdUser : pick(rand, users),
      updated: updatedIso,
      content: k % 4 === 3 ? '' : `# ${project.name} page ${k}\n\nNotes for ${project.projectKey}.`,
      attachments:
        k % 3 === 1
          ? [seededAttachment(rand, counters, `diagram ${k}.png`, createdUser, createdIso)]
          : [],
      sharedFiles: k % 4 === 2 && file ? [file] : [],
      stars:
        k % 3 === 0
          ? [
              seededStar(rand, counters, users, {
                url: `https://fakespace.backlog.com/alias/wiki/${id}`,
                title: `[${project.projectKey}] wiki ${k} | Wiki - Backlog`,
                created: updatedIso,
              }),
            ]
          : [],
    };
    wikis.push(page);
    const content = wikiActivityContent(page);
    events.push({
      time: created[i],
      group: 1,
      rank: id * 2,
      make: activityOf(project, 5, content, createdUser, createdIso),
    });
    if (updated[i] !== created[i]) {
      events.push({
        time: updated[i],
        group: 1,
        rank: id * 2 + 1,
        make: activityOf(project, 6, content, page.updatedUser, updatedIso),
      });
    }
  }
  return { wikis, events };
}
