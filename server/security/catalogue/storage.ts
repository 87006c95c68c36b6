// Checks of a project's buckets and access keys, read from the object storage by the provisioning
// worker (the one process with its admin keys, decision 0032). None can be refused beforehand: the
// console makes the buckets, and what it leaves open is a setting a level may require.
import { levels, type Check } from './model'

export const STORAGE_CHECKS: readonly Check[] = [
  {
    // Without versioning an overwrite or a delete loses the data for good.
    id: 'GC-S3-01',
    subject: 'bucket',
    group: 'data',
    preventable: false,
    levels: levels([
      [[3], 'medium', 'detect'],
      [[4, 5], 'high', 'detect'],
    ]),
  },
  {
    // Objects stored unencrypted at rest.
    id: 'GC-S3-02',
    subject: 'bucket',
    group: 'data',
    preventable: false,
    levels: levels([
      [[2], 'low', 'detect'],
      [[3], 'medium', 'detect'],
      [[4], 'high', 'detect'],
      [[5], 'critical', 'detect'],
    ]),
  },
  {
    // Without object lock, whoever holds a key can destroy the records a level 4 or 5 system
    // must keep.
    id: 'GC-S3-03',
    subject: 'bucket',
    group: 'data',
    preventable: false,
    levels: levels([
      [[4], 'medium', 'detect'],
      [[5], 'high', 'detect'],
    ]),
  },
  {
    // A bucket policy that lets anyone (Principal "*") read or write.
    id: 'GC-S3-04',
    subject: 'bucket',
    group: 'data',
    preventable: false,
    levels: levels([
      [[1, 2], 'high', 'detect'],
      [[3, 4, 5], 'critical', 'detect'],
    ]),
  },
  {
    // An access key older than the level allows (365, 365, 180, 90, 90 days by default).
    id: 'GC-KEY-01',
    subject: 'accessKey',
    group: 'application',
    preventable: false,
    levels: levels([
      [[1, 2], 'low', 'detect'],
      [[3, 4], 'medium', 'detect'],
      [[5], 'high', 'detect'],
    ]),
  },
  {
    // An access key nobody has used for longer than the level allows: a forgotten credential.
    id: 'GC-KEY-02',
    subject: 'accessKey',
    group: 'application',
    preventable: false,
    levels: levels([
      [[3], 'low', 'detect'],
      [[4, 5], 'medium', 'detect'],
    ]),
  },
]
