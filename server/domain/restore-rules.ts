// Which restore a project may have (decision 0053, "Restore rules"), pure: one of its own backups
// (made through its own location, of its namespace and nothing else, completed) into its own
// namespace, never another, whatever the request names. server/provisioning/restores.ts reads the
// backup and acts.
import { err, ok, type Result } from './errors'

export interface BackupFacts {
  readonly spec?: { readonly storageLocation?: unknown; readonly includedNamespaces?: unknown }
  readonly status?: { readonly phase?: unknown }
}

export interface RestoreAsk {
  readonly backupName: string
  /** Where the request says to restore into; absent means the project's namespace. */
  readonly namespace?: string
}

export interface RestoreObject {
  readonly apiVersion: 'velero.io/v1'
  readonly kind: 'Restore'
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> }
  readonly spec: Record<string, unknown>
}

interface Project {
  readonly namespace: string
  /** The console's labels of the project, put on the Restore. */
  readonly labels: Record<string, string>
}

/** The Restore to create, or why not: the backup is the project's own, and so is the target. */
export function checkRestore(
  project: Project,
  ask: RestoreAsk,
  backup: BackupFacts | null,
  restoreName: string,
): Result<RestoreObject> {
  if (ask.namespace !== undefined && ask.namespace !== project.namespace)
    return err('restore.other_namespace', { namespace: ask.namespace })
  // Another project's backup answers as one that does not exist: its name tells nothing.
  if (backup === null || !isProjectsOwn(project, backup))
    return err('restore.backup_not_found', { backup: ask.backupName })
  if (backup.status?.phase !== 'Completed')
    return err('restore.backup_not_completed', { backup: ask.backupName, phase: phaseOf(backup) })
  return ok({
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name: restoreName, labels: project.labels },
    spec: {
      backupName: ask.backupName,
      includedNamespaces: [project.namespace],
      // What exists stays as it is: a restore brings back what is missing, it never overwrites.
      existingResourcePolicy: 'none',
    },
  })
}

/** Made through the project's own location (named after its namespace), of its namespace alone. */
function isProjectsOwn(project: Project, backup: BackupFacts): boolean {
  const namespaces = backup.spec?.includedNamespaces
  return (
    backup.spec?.storageLocation === project.namespace &&
    Array.isArray(namespaces) &&
    namespaces.length === 1 &&
    namespaces[0] === project.namespace
  )
}

function phaseOf(backup: BackupFacts): string {
  const phase = backup.status?.phase
  return typeof phase === 'string' ? phase : ''
}
