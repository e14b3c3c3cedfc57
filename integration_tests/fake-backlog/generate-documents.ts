/**
 * Seeded documents: `documentsPerProject` per project with documents on, created round-robin
 * over the projects. Document k of a project is a child of document k - 1 when k % 3 === 1;
 * isTiedWithPrevious(k) documents share `updated` with document k - 1, and the documents at
 * global creation index i % 7 === 3 share `created` with the one before (a tie on the default
 * sort key). Activities: 36 (document created) at `created`; content edits have no type.
 */
import { pick, seededRandom } from './random';
import {
  activityOf,
  creationTimes,
  documentId,
  roundRobinUpdated,
  type IdCounters,
  type PendingActivity,
} from './seed-common';
import { seededAttachment } from './seed-rows';
import { isoSeconds } from './time';
import type { BacklogDocument, Project, Tag, User } from './types';

const TITLES = [
  'Project handbook',
  '設計メモ',
  'Release checklist',
  'Runbook: on-call',
  'API 仕様',
];

/** Document tags of a project (ids projectId * 10 + 5, + 6). */
export function documentTags(projectId: number): Tag[] {
  return [
    { id: projectId * 10 + 5, name: 'Backlog' },
    { id: projectId * 10 + 6, name: 'draft' },
  ];
}

/** The editor JSON (a string) of a document whose text is `plain`. */
export function documentJson(plain: string): string {
  const paragraphs = plain.split('\n').map((text) => ({
    type: 'paragraph',
    content: text === '' ? [] : [{ type: 'text', text }],
  }));
  return JSON.stringify({ type: 'doc', content: paragraphs });
}

export function generateDocuments(
  seed: number,
  perProject: number,
  projects: Project[],
  users: User[],
  counters: IdCounters,
): { documents: BacklogDocument[]; parents: Map<string, string>; events: PendingActivity[] } {
  const rand = seededRandom(seed ^ 0xd0c5);
  const withDocs = projects.filter((p) => p.useDocument);
  const total = perProject * withDocs.length;
  const created = creationTimes(rand, total);
  for (let i = 1; i < total; i++) if (i % 7 === 3) created[i] = created[i - 1];
  const updated = roundRobinUpdated(rand, created, withDocs.length, (k) =>
    k % 4 === 3 ? null : 120,
  );
  const documents: BacklogDocument[] = [];
  const parents = new Map<string, string>();
  const events: PendingActivity[] = [];
  for (let i = 0; i < total; i++) {
    const project = withDocs[i % withDocs.length];
    const k = Math.floor(i / withDocs.length);
    const createdUser = pick(rand, users);
    const createdIso = isoSeconds(created[i]);
    const plain =
      k % 5 === 4 ? '' : `${TITLES[k % TITLES.length]} for ${project.name}.\nDraft ${k}.`;
    const seq = counters.document++;
    const document: BacklogDocument = {
      id: documentId(created[i], seq),
      projectId: project.id,
      title: `${TITLES[k % TITLES.length]}${k >= TITLES.length ? ` ${k}` : ''}`,
      plain,
      json: documentJson(plain),
      statusId: 1,
      emoji: k % 2 === 0 ? '📘' : null,
      attachments:
        k % 3 === 2
          ? [seededAttachment(rand, counters, `figure ${k}.png`, createdUser, createdIso)]
          : [],
      tags: k % 2 === 1 ? [documentTags(project.id)[0]] : [],
      createdUser,
      created: createdIso,
      updatedUser: updated[i] === created[i] ? createdUser : pick(rand, users),
      updated: isoSeconds(updated[i]),
    };
    documents.push(document);
    if (k % 3 === 1) parents.set(document.id, documents[i - withDocs.length].id);
    events.push({
      time: created[i],
      group: 3,
      rank: seq,
      make: activityOf(
        project,
        36,
        { id: document.id, title: document.title },
        createdUser,
        createdIso,
      ),
    });
  }
  return { documents, parents, events };
}
