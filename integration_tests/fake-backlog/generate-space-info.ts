/**
 * Space-wide settings an administrator reads (licence, disk capacity) and the space
 * notification: fixed values, no random draws. Disk usage itself is derived from the store's
 * content (FakeBacklogStore.diskUsage).
 */
import type { Licence, SpaceNotification } from './types';

/** 100 GiB. */
export const DISK_CAPACITY = 107_374_182_400;

/** A paid plan's licence; 0 means "no limit" as in backlog-js's licence fixture. */
export function seededLicence(): Licence {
  return {
    active: true,
    attachmentLimit: 0,
    attachmentLimitPerFile: 104_857_600,
    attachmentNumLimit: 0,
    attribute: true,
    attributeLimit: 0,
    burndown: true,
    commentLimit: 0,
    componentLimit: 0,
    fileSharing: true,
    gantt: true,
    git: true,
    grandchildIssueEnabled: true,
    issueLimit: 0,
    licenceTypeId: 51,
    limitDate: '2026-12-31T00:00:00Z',
    nulabAccount: true,
    parentChildIssue: true,
    postIssueByMail: true,
    projectLimit: 100,
    pullRequestAttachmentLimitPerFile: 104_857_600,
    pullRequestAttachmentNumLimit: 10,
    remoteAddress: true,
    remoteAddressLimit: 10,
    startedOn: '2023-12-01T00:00:00Z',
    storageLimit: DISK_CAPACITY,
    subversion: true,
    subversionExternal: false,
    userLimit: 0,
    versionLimit: 0,
    wikiAttachment: true,
    wikiAttachmentLimitPerFile: 104_857_600,
    wikiAttachmentNumLimit: 10,
  };
}

export function seededSpaceNotification(): SpaceNotification {
  return {
    content: 'メンテナンスのお知らせ: 2025-07-05 02:00–04:00 JST.\nBacklog may be unavailable.',
    updated: '2025-06-20T01:00:00Z',
  };
}
