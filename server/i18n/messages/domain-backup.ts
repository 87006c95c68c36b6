// Messages for the backups' DomainErrorCodes (restores, decision 0053), Vietnamese first, then
// English; spread into the domain's catalogue (domain.ts).
import type { DomainErrorCode } from '../../domain/errors'

type RestoreCode = Extract<DomainErrorCode, `restore.${string}`>

const vi = {
  'restore.backup_not_found': 'Không tìm thấy bản sao lưu “{backup}” của hệ thống này.',
  'restore.backup_not_completed': 'Bản sao lưu “{backup}” chưa hoàn tất (trạng thái {phase}) nên chưa thể khôi phục.',
  'restore.other_namespace': 'Chỉ khôi phục được vào không gian tên của chính hệ thống này, không vào “{namespace}”.',
  'restore.not_found': 'Không tìm thấy lần khôi phục “{restore}” của hệ thống này.',
  'restore.no_backups': 'Hệ thống này chưa có sao lưu chạy theo lịch: cần hạn mức sao lưu và lịch sao lưu đã được cấp.',
  'restore.bucket_exists':
    'Bucket “{bucket}” đã tồn tại: hãy chọn một tên mới, dữ liệu khôi phục không ghi đè lên bucket có sẵn.',
  'restore.bucket_not_found': 'Bản sao lưu không có dữ liệu của bucket “{bucket}”.',
  'restore.no_bucket_room':
    'Dữ liệu cần khôi phục ({needed} byte) vượt phần lưu trữ đối tượng còn trống của hệ thống ({room} byte).',
  'restore.label_invalid':
    'Tên bucket mới chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, tối đa 20 ký tự (ví dụ: thang-11).',
} as const satisfies Record<RestoreCode, string>

const en = {
  'restore.backup_not_found': 'This system has no backup “{backup}”.',
  'restore.backup_not_completed':
    'The backup “{backup}” has not completed (its phase is {phase}) and cannot be restored yet.',
  'restore.other_namespace': 'A restore goes into this system’s own namespace only, not into “{namespace}”.',
  'restore.not_found': 'This system has no restore “{restore}”.',
  'restore.no_backups': 'This system has no scheduled backups: it needs a granted backup quota and schedule.',
  'restore.bucket_exists':
    'The bucket “{bucket}” already exists: choose a new name, a restore never writes over a bucket.',
  'restore.bucket_not_found': 'The backup holds no data of the bucket “{bucket}”.',
  'restore.no_bucket_room':
    'The data to restore ({needed} bytes) is more than the system’s free object storage ({room} bytes).',
  'restore.label_invalid':
    'The new bucket’s name takes lowercase letters without marks, digits and hyphens, at most 20 (e.g. thang-11).',
} as const satisfies Record<RestoreCode, string>

export const backupMessages = { vi, en }
