// Checks of a project's backups (issue 15, decision 0056): read from Velero by the provisioning
// worker, the one process that reaches it. Only a project given a backup schedule is judged; the
// schedule itself is the agency's choice within its level's limits (checkFrequency).
import { levels, type Check } from './model'

export const BACKUP_CHECKS: readonly Check[] = [
  {
    // The last scheduled backup failed, or none completed within two hours of its due time: the
    // data the agency believes kept is not.
    id: 'GC-BAK-01',
    subject: 'backup',
    group: 'data',
    preventable: false,
    levels: levels([
      [[1, 2], 'medium', 'detect'],
      [[3, 4, 5], 'high', 'detect'],
    ]),
  },
]
