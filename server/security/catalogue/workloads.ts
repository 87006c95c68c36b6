// Checks of what runs in a project's namespace: Deployments, StatefulSets, DaemonSets, Jobs,
// CronJobs, ReplicaSets and bare Pods, each judged by its pod template. Levels 3, 4 and 5 differ:
// what a level-1 system is told about, a level-5 system is refused.
import { levels, type Check } from './model'

export const WORKLOAD_CHECKS: readonly Check[] = [
  {
    // Without requests the scheduler cannot place fairly; without limits one workload can starve
    // the project's others. The namespace's LimitRange fills in defaults, hence never a refusal.
    id: 'GC-WL-01',
    subject: 'workload',
    group: 'host',
    preventable: true,
    levels: levels([
      [[1, 2], 'low', 'detect'],
      [[3], 'medium', 'warn'],
      [[4, 5], 'medium', 'warn'],
    ]),
  },
  {
    // Images only from the registries the level allows (each level's list is a setting).
    id: 'GC-WL-02',
    subject: 'workload',
    group: 'application',
    preventable: true,
    levels: levels([
      [[1, 2], 'medium', 'detect'],
      [[3], 'high', 'warn'],
      [[4], 'high', 'deny'],
      [[5], 'critical', 'deny'],
    ]),
  },
  {
    // A tag can be moved to other bytes; a digest cannot. Levels 1-4: no tag or :latest; level 5:
    // anything but a digest.
    id: 'GC-WL-03',
    subject: 'workload',
    group: 'application',
    preventable: true,
    levels: levels([
      [[1, 2], 'low', 'detect'],
      [[3], 'medium', 'warn'],
      [[4], 'medium', 'deny'],
      [[5], 'high', 'deny'],
    ]),
  },
  {
    // Privileged containers, host namespaces, hostPath volumes, host ports, added capabilities,
    // privilege escalation or root: more than the namespace's Pod Security level allows. Pod
    // Security admission refuses such Pods but only warns about their controllers, whose pods
    // then never start; and a workload admitted before a level was raised stays.
    id: 'GC-WL-04',
    subject: 'workload',
    group: 'host',
    preventable: true,
    levels: levels([
      [[1, 2], 'high', 'warn'],
      [[3, 4, 5], 'critical', 'deny'],
    ]),
  },
  {
    // A mounted service-account token is a credential for the API server in every container.
    id: 'GC-WL-05',
    subject: 'workload',
    group: 'application',
    preventable: true,
    levels: levels([
      [[1, 2], 'low', 'detect'],
      [[3], 'low', 'warn'],
      [[4], 'medium', 'warn'],
      [[5], 'medium', 'deny'],
    ]),
  },
]
