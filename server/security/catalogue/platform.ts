// Checks of the platform itself: the Kubernetes API server and the object storage as they are
// actually configured, and the audit trail's own signing. They concern every agency, so they apply
// at every level; a platform finding belongs to the data centre, not to a project.
import { SECURITY_LEVELS } from '../../domain/project'
import { levels, type Check, type Severity } from './model'

const everywhere = (severity: Severity) => levels([[SECURITY_LEVELS, severity, 'detect']])

export const PLATFORM_CHECKS: readonly Check[] = [
  // Anonymous requests reach the API server's resources (beyond health and version).
  { id: 'GC-PLT-01', subject: 'platform', group: 'network', preventable: false, levels: everywhere('critical') },
  // The API server keeps no audit log of who did what.
  { id: 'GC-PLT-02', subject: 'platform', group: 'operations', preventable: false, levels: everywhere('high') },
  // The API server accepts credentials that are not the data centre's sign-in (static tokens,
  // an OIDC issuer over plain HTTP) or binds roles to anonymous users.
  { id: 'GC-PLT-03', subject: 'platform', group: 'application', preventable: false, levels: everywhere('high') },
  // The object storage answers anonymous requests: listing buckets or reading objects without a
  // signature, through the S3 API or the filer's own HTTP API.
  { id: 'GC-PLT-04', subject: 'platform', group: 'data', preventable: false, levels: everywhere('critical') },
  // The audit trail's last signed checkpoint is older than twice its interval: signing has
  // stopped, or the newest checkpoints were removed (decision 0036).
  { id: 'GC-PLT-05', subject: 'platform', group: 'operations', preventable: false, levels: everywhere('high') },
]
