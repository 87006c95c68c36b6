import type { Db, Tx } from './client'
import type { CatalogueSettings } from '../domain/resources'

/**
 * The resource catalogue from the database: the storage classes the data centre offers, and GPUs
 * when some pool has any. Read per request that needs it, so a class added by an administrator
 * is accepted at once.
 */
export async function loadCatalogue(db: Db | Tx): Promise<CatalogueSettings> {
  const [classes, gpu] = await Promise.all([
    db.storageClass.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    db.poolResource.findFirst({ where: { resource: 'gpu', physical: { gt: 0n } }, select: { resource: true } }),
  ])
  return { storageClasses: classes.map((c) => c.name), gpuAvailable: gpu !== null }
}
