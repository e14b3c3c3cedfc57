import { spaceRecordStream } from '../listing/space-records';

export const licence = spaceRecordStream('licence', '/space/licence', {
  adminOnly: true,
  notes: "the space's plan and its limits",
});

export const diskUsage = spaceRecordStream('disk_usage', '/space/diskUsage', {
  adminOnly: true,
  notes: 'bytes used, with a `details` row per project',
});

export const spaceNotification = spaceRecordStream('space_notification', '/space/notification', {
  notes: 'the notice shown to every user',
});
