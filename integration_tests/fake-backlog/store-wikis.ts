/** Wiki pages of the store and their mutations (activities 5 created, 6 updated, 7 deleted). */
import { wikiActivityContent } from './generate-wikis';
import type { StoreKernel } from './store-kernel';
import type { User, WikiPage } from './types';

export type WikiPatch = Partial<
  Pick<WikiPage, 'name' | 'content' | 'tags' | 'attachments' | 'sharedFiles' | 'stars'>
>;

export class WikiStore {
  constructor(
    private readonly k: StoreKernel,
    readonly wikis: WikiPage[],
    readonly deletedIds: Set<number>,
  ) {}

  find(id: number): WikiPage | undefined {
    return this.wikis.find((w) => w.id === id);
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
    this.k.activity(project, 5, wikiActivityContent(page), actor, now);
    return page;
  }

  /** Applies `patch` (default: a content edit) and bumps `updated`. */
  update(id: number, patch: WikiPatch | undefined, actor: User): WikiPage {
    const page = this.require(id);
    Object.assign(page, patch ?? { content: `${page.content}\nEdited.`.trimStart() });
    page.updated = this.k.stamp();
    page.updatedUser = actor;
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

  private require(id: number): WikiPage {
    const page = this.find(id);
    if (!page) throw new Error(`No wiki page with id ${id}`);
    return page;
  }
}
