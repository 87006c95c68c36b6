// Messages for the backups' DomainErrorCodes (restores, decision 0053), Vietnamese first, then
// English; spread into the domain's catalogue (domain.ts).
import type { DomainErrorCode } from '../../domain/errors'

type RestoreCode = Extract<DomainErrorCode, `restore.${string}`>

const vi = {
  'restore.backup_not_found': 'Không tìm thấy bản sao lưu “{backup}” của hệ thống này.',
  'restore.backup_not_completed': 'Bản sao lưu “{backup}” chưa hoàn tất (trạng thái {phase}) nên chưa thể khôi phục.',
  'restore.other_namespace': 'Chỉ khôi phục được vào không gian tên của chính hệ thống này, không vào “{namespace}”.',
} as const satisfies Record<RestoreCode, string>

const en = {
  'restore.backup_not_found': 'This system has no backup “{backup}”.',
  'restore.backup_not_completed':
    'The backup “{backup}” has not completed (its phase is {phase}) and cannot be restored yet.',
  'restore.other_namespace': 'A restore goes into this system’s own namespace only, not into “{namespace}”.',
} as const satisfies Record<RestoreCode, string>

export const backupMessages = { vi, en }
