import { spaceRecordStream } from '../listing/space-records';

export const licence = spaceRecordStream({
  name: 'licence',
  about: {
    endpoint: 'GET /space/licence',
    notes: "the space's plan and its limits; administrators only: skipped with a warning otherwise",
  },
  path: '/space/licence',
  adminOnly: true,
});

export const diskUsage = spaceRecordStream({
  name: 'disk_usage',
  about: {
    endpoint: 'GET /space/diskUsage',
    notes: 'bytes used, with a `details` row per project; administrators only',
  },
  path: '/space/diskUsage',
  adminOnly: true,
});

export const spaceNotification = spaceRecordStream({
  name: 'space_notification',
  about: { endpoint: 'GET /space/notification', notes: 'the notice shown to every user' },
  path: '/space/notification',
});
