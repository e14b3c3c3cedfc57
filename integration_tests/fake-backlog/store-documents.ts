/**
 * Documents of the store: the tree (parent ids kept beside the API objects) and mutations.
 * Activities: 36 created, 37 deleted, 38 title updated. Other edits have no activity type in
 * Backlog, so updateDocument appends one only when the title changes.
 */
import { documentJson } from './generate-documents';
import { documentId } from './seed-common';
import type { StoreKernel } from './store-kernel';
import { parseIsoSeconds } from './time';
import type { BacklogDocument, User } from './types';

export type DocumentPatch = Partial<
  Pick<BacklogDocument, 'title' | 'plain' | 'json' | 'statusId' | 'emoji' | 'attachments' | 'tags'>
> & {
  /** Parent document id; null or absent: a top-level document. */
  parentId?: string | null;
};

export class DocumentStore {
  constructor(
    private readonly k: StoreKernel,
    readonly documents: BacklogDocument[],
    private readonly parents: Map<string, string>,
    readonly deletedIds: Set<string>,
  ) {}

  find(id: string): BacklogDocument | undefined {
    return this.documents.find((d) => d.id === id);
  }

  parentId(id: string): string | null {
    return this.parents.get(id) ?? null;
  }

  /** Ids of the live children of a document, in creation order. */
  childIds(id: string): string[] {
    return this.documents.filter((d) => this.parents.get(d.id) === id).map((d) => d.id);
  }

  add(
    projectIdOrKey: string | number,
    patch: DocumentPatch | undefined,
    actor: User,
  ): BacklogDocument {
    const project = this.k.project(projectIdOrKey);
    const { parentId, ...fields } = patch ?? {};
    if (parentId && !this.find(parentId)) throw new Error(`No document with id ${parentId}`);
    const now = this.k.stamp();
    const plain = fields.plain ?? '';
    const document: BacklogDocument = {
      id: documentId(parseIsoSeconds(now), this.k.counters.document++),
      projectId: project.id,
      title: 'New document',
      plain,
      json: documentJson(plain),
      statusId: 1,
      emoji: null,
      attachments: [],
      tags: [],
      createdUser: actor,
      created: now,
      updatedUser: actor,
      updated: now,
      ...fields,
    };
    this.documents.push(document);
    if (parentId) this.parents.set(document.id, parentId);
    this.k.activity(project, 36, { id: document.id, title: document.title }, actor, now);
    return document;
  }

  /** Applies `patch` (default: a text edit) and bumps `updated`; type 38 if the title changed. */
  update(id: string, patch: DocumentPatch | undefined, actor: User): BacklogDocument {
    const document = this.require(id);
    const { parentId, ...fields } = patch ?? { plain: `${document.plain}\nEdited.` };
    if (parentId && (parentId === id || !this.find(parentId))) {
      throw new Error(`Invalid parent ${parentId} for document ${id}`);
    }
    const titleBefore = document.title;
    Object.assign(document, fields);
    if (fields.plain !== undefined && fields.json === undefined) {
      document.json = documentJson(fields.plain);
    }
    if (parentId === null) this.parents.delete(id);
    else if (parentId !== undefined) this.parents.set(id, parentId);
    document.updated = this.k.stamp();
    document.updatedUser = actor;
    if (document.title !== titleBefore) {
      const project = this.k.project(document.projectId);
      this.k.activity(project, 38, { id, title: document.title }, actor, document.updated);
    }
    return document;
  }

  /** Removes a document; its children move up to its parent (or the top level). Type 37. */
  delete(id: string, actor: User): void {
    const document = this.require(id);
    this.documents.splice(this.documents.indexOf(document), 1);
    const parent = this.parents.get(id);
    for (const child of this.childIds(id)) {
      if (parent) this.parents.set(child, parent);
      else this.parents.delete(child);
    }
    this.parents.delete(id);
    this.deletedIds.add(id);
    const project = this.k.project(document.projectId);
    this.k.activity(project, 37, { id, title: document.title }, actor, this.k.stamp());
  }

  private require(id: string): BacklogDocument {
    const document = this.find(id);
    if (!document) throw new Error(`No document with id ${id}`);
    return document;
  }
}
