import { spaceRecordStream } from '../listing/space-records';

export const licence = spaceRecordStream({
  name: 'licence',
  about: {
    cost: { full: '1 (+1 for the space key, shared)' },
    endpoint: 'GET /space/licence',
    notes: "the space's plan and its limits; administrators only: skipped with a warning otherwise",
  },
  path: '/space/licence',
  adminOnly: true,
});

export const diskUsage = spaceRecordStream({
  name: 'disk_usage',
  about: {
    cost: { full: '1 (+1 for the space key, shared)' },
    endpoint: 'GET /space/diskUsage',
    notes: 'bytes used, with a `details` row per project; administrators only',
  },
  path: '/space/diskUsage',
  adminOnly: true,
});

export const spaceNotification = spaceRecordStream({
  name: 'space_notification',
  about: {
    cost: { full: '1 (+1 for the space key, shared)' },
    endpoint: 'GET /space/notification',
    notes: 'the notice shown to every user',
  },
  path: '/space/notification',
});
