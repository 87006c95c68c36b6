// Checks of how a project reaches and is reached: Services, Ingresses, NetworkPolicies, and who
// is bound to roles in its namespace.
import { levels, type Check } from './model'

export const NETWORK_CHECKS: readonly Check[] = [
  {
    // NodePort and LoadBalancer Services open the project beside the platform's ingress, where
    // neither TLS nor the data centre's firewall rules are applied. Refused at every level: the
    // tenant boundary (decision 0025) already refuses them in every project's namespace.
    id: 'GC-NET-01',
    subject: 'service',
    group: 'network',
    preventable: true,
    levels: levels([
      [[1, 2], 'medium', 'deny'],
      [[3], 'high', 'deny'],
      [[4, 5], 'critical', 'deny'],
    ]),
  },
  {
    // An Ingress without TLS serves the system in clear text.
    id: 'GC-NET-02',
    subject: 'ingress',
    group: 'network',
    preventable: true,
    levels: levels([
      [[1], 'medium', 'warn'],
      [[2], 'high', 'warn'],
      [[3, 4], 'high', 'deny'],
      [[5], 'critical', 'deny'],
    ]),
  },
  {
    // A NetworkPolicy that admits or opens more than the project's own pods, the platform's
    // ingress and DNS cancels the console's default deny (policies add up). The tenant boundary
    // refuses new ones at every level (decision 0025); the scanner finds those from before.
    id: 'GC-NET-03',
    subject: 'networkPolicy',
    group: 'network',
    preventable: true,
    levels: levels([
      [[1, 2], 'high', 'deny'],
      [[3, 4, 5], 'critical', 'deny'],
    ]),
  },
  {
    // A RoleBinding in the project's namespace that names a user, group or service account from
    // outside the agency hands the project to someone else.
    id: 'GC-RBAC-01',
    subject: 'roleBinding',
    group: 'application',
    preventable: true,
    levels: levels([
      [[1, 2], 'high', 'warn'],
      [[3, 4, 5], 'critical', 'deny'],
    ]),
  },
  {
    // The namespace runs at Pod Security `baseline` by a recorded exception: fine at low levels,
    // to be reviewed from level 3 up.
    id: 'GC-NS-01',
    subject: 'namespace',
    group: 'host',
    preventable: false,
    levels: levels([
      [[3], 'medium', 'detect'],
      [[4, 5], 'high', 'detect'],
    ]),
  },
]
