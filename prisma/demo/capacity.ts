// The data centre's storage classes and capacity pools.
import { TiB } from './units'

export const storageClasses = [
  {
    name: 'standard',
    descriptionVi: 'Ổ đĩa tiêu chuẩn (HDD, 3 bản sao)',
    descriptionEn: 'Standard disks (HDD, 3 replicas)',
  },
  { name: 'fast', descriptionVi: 'Ổ đĩa tốc độ cao (NVMe)', descriptionEn: 'Fast disks (NVMe)' },
]

export type SeedPool = {
  code: string
  nameVi: string
  nameEn: string
  kind: 'compute' | 'volume' | 'objectStorage' | 'backup'
  storageClass?: string
  resources: { resource: string; physical: bigint; overcommit?: [number, number] }[]
}
export const pools: SeedPool[] = [
  {
    code: 'compute-main',
    nameVi: 'Cụm máy chủ tính toán chính',
    nameEn: 'Main compute cluster',
    kind: 'compute',
    resources: [
      { resource: 'cpu', physical: 256_000n, overcommit: [4, 1] },
      { resource: 'memory', physical: 2n * TiB },
      { resource: 'pods', physical: 5_000n },
      { resource: 'gpu', physical: 4n },
    ],
  },
  {
    code: 'volume-standard',
    nameVi: 'Lưu trữ khối tiêu chuẩn',
    nameEn: 'Standard block storage',
    kind: 'volume',
    storageClass: 'standard',
    resources: [{ resource: 'volume:standard', physical: 100n * TiB }],
  },
  {
    code: 'volume-fast',
    nameVi: 'Lưu trữ khối tốc độ cao',
    nameEn: 'Fast block storage',
    kind: 'volume',
    storageClass: 'fast',
    resources: [{ resource: 'volume:fast', physical: 20n * TiB }],
  },
  {
    code: 'object-main',
    nameVi: 'Lưu trữ đối tượng S3',
    nameEn: 'S3 object storage',
    kind: 'objectStorage',
    resources: [
      { resource: 'objectStorage', physical: 400n * TiB },
      { resource: 'buckets', physical: 2_000n },
    ],
  },
  {
    code: 'backup-main',
    nameVi: 'Kho sao lưu',
    nameEn: 'Backup vault',
    kind: 'backup',
    resources: [{ resource: 'backupStorage', physical: 200n * TiB }],
  },
]
