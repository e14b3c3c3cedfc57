/**
 * Wiki pages of the store and their mutations (activities 5 created, 6 updated, 7 deleted).
 * Creating or updating a page also saves a history version (the page as it is then).
 */
import { wikiActivityContent } from './generate-wikis';
import type { StoreKernel } from './store-kernel';
import type { User, WikiHistory, WikiPage } from './types';

export type WikiPatch = Partial<
  Pick<WikiPage, 'name' | 'content' | 'tags' | 'attachments' | 'sharedFiles' | 'stars'>
>;

export class WikiStore {
  constructor(
    private readonly k: StoreKernel,
    readonly wikis: WikiPage[],
    readonly deletedIds: Set<number>,
    readonly history: WikiHistory[],
  ) {}

  find(id: number): WikiPage | undefined {
    return this.wikis.find((w) => w.id === id);
  }

  /** Every version of a page, ascending. */
  historyOf(pageId: number): WikiHistory[] {
    return this.history.filter((h) => h.pageId === pageId);
  }

  add(projectIdOrKey: string | number, patch: WikiPatch | undefined, actor: User): WikiPage {
    const project = this.k.project(projectIdOrKey);
    const now = this.k.stamp();
    const id = this.k.counters.wiki++;
    const page: WikiPage = {
      id,
      projectId: project.id,
      name: `New page ${id}`,
      tags: [],
      createdUser: actor,
      created: now,
      updatedUser: actor,
      updated: now,
      content: '',
      attachments: [],
      sharedFiles: [],
      stars: [],
      ...patch,
    };
    this.wikis.push(page);
    this.saveVersion(page, actor);
    this.k.activity(project, 5, wikiActivityContent(page), actor, now);
    return page;
  }

  /** Applies `patch` (default: a content edit) and bumps `updated`. */
  update(id: number, patch: WikiPatch | undefined, actor: User): WikiPage {
    const page = this.require(id);
    Object.assign(page, patch ?? { content: `${page.content}\nEdited.`.trimStart() });
    page.updated = this.k.stamp();
    page.updatedUser = actor;
    this.saveVersion(page, actor);
    this.k.activity(
      this.k.project(page.projectId),
      6,
      wikiActivityContent(page),
      actor,
      page.updated,
    );
    return page;
  }

  delete(id: number, actor: User): void {
    const page = this.require(id);
    this.wikis.splice(this.wikis.indexOf(page), 1);
    this.deletedIds.add(id);
    this.k.activity(
      this.k.project(page.projectId),
      7,
      wikiActivityContent(page),
      actor,
      this.k.stamp(),
    );
  }

  private saveVersion(page: WikiPage, actor: User): void {
    const versions = this.historyOf(page.id);
    this.history.push({
      pageId: page.id,
      version: (versions[versions.length - 1]?.version ?? 0) + 1,
      name: page.name,
      content: page.content,
      createdUser: actor,
      created: page.updated,
    });
  }

  private require(id: number): WikiPage {
    const page = this.find(id);
    if (!page) throw new Error(`No wiki page with id ${id}`);
    return page;
  }
}
