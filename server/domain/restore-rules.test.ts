import { describe, expect, it } from 'vitest'
import { checkRestore } from './restore-rules'

const project = { namespace: 'so-khcn-de-tai', labels: { 'app.kubernetes.io/managed-by': 'govcloud-console' } }
const own = {
  spec: { storageLocation: 'so-khcn-de-tai', includedNamespaces: ['so-khcn-de-tai'] },
  status: { phase: 'Completed' },
}

describe('checkRestore (decision 0053)', () => {
  it("restores the project's own completed backup into its namespace, never overwriting", () => {
    const checked = checkRestore(project, { backupName: 'b1' }, own, 'b1-r1')
    expect(checked).toMatchObject({
      ok: true,
      value: {
        metadata: { labels: project.labels },
        spec: { backupName: 'b1', includedNamespaces: ['so-khcn-de-tai'], existingResourcePolicy: 'none' },
      },
    })
  })

  it('refuses another namespace, whatever the backup', () => {
    expect(checkRestore(project, { backupName: 'b1', namespace: 'so-tc-ke-toan' }, own, 'r')).toMatchObject({
      ok: false,
      error: { code: 'restore.other_namespace' },
    })
  })

  it("answers another project's backup, or one of more namespaces, as one that does not exist", () => {
    const cases = [
      null,
      { ...own, spec: { ...own.spec, storageLocation: 'so-tc-ke-toan' } },
      { ...own, spec: { ...own.spec, includedNamespaces: ['so-khcn-de-tai', 'kube-system'] } },
      { ...own, spec: { ...own.spec, includedNamespaces: '*' } },
    ]
    for (const backup of cases)
      expect(checkRestore(project, { backupName: 'b1' }, backup, 'r')).toMatchObject({
        ok: false,
        error: { code: 'restore.backup_not_found' },
      })
  })

  it('waits for a backup to complete', () => {
    expect(checkRestore(project, { backupName: 'b1' }, { ...own, status: { phase: 'InProgress' } }, 'r')).toMatchObject(
      { ok: false, error: { code: 'restore.backup_not_completed', params: { phase: 'InProgress' } } },
    )
  })
})
