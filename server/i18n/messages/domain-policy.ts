// Messages for the policies' DomainErrorCodes (decision 0049), Vietnamese first, then English;
// spread into the domain's catalogue (domain.ts), which must cover every code.
import type { DomainErrorCode } from '../../domain/errors'

type PolicyCode = Extract<DomainErrorCode, `policy.${string}`>

const vi = {
  'policy.threshold_out_of_range': 'Ngưỡng phải là số nguyên từ {min} đến {max}.',
  'policy.window_out_of_range': 'Khoảng thời gian cộng dồn phải từ {min} đến {max} ngày.',
  'policy.usage_percent_out_of_range': 'Tỷ lệ sử dụng phải là số nguyên từ {min} đến {max} (%).',
  'policy.grace_out_of_range': 'Thời gian lưu giữ phải từ {min} đến {max} ngày.',
  'policy.too_many_reserved_names': 'Tối đa {max} tên dành riêng.',
  'policy.reserved_name_invalid':
    'Tên dành riêng phải là tên namespace (chữ thường, số, dấu gạch ngang) hoặc tiền tố kết thúc bằng * (kube-*).',
  'policy.reserved_name_required': 'Không thể bỏ các tên nền tảng luôn dành riêng: {names}.',
  'policy.reserved_name_twice': 'Tên “{name}” được nêu hai lần.',
  'policy.reason_too_long': 'Lý do tối đa {max} ký tự.',
} as const satisfies Record<PolicyCode, string>

const en = {
  'policy.threshold_out_of_range': 'A threshold must be a whole number from {min} to {max}.',
  'policy.window_out_of_range': 'The window must be from {min} to {max} days.',
  'policy.usage_percent_out_of_range': 'The usage share must be a whole number from {min} to {max} (%).',
  'policy.grace_out_of_range': 'The grace period must be from {min} to {max} days.',
  'policy.too_many_reserved_names': 'At most {max} reserved names.',
  'policy.reserved_name_invalid':
    'A reserved name is a namespace name (lower-case letters, digits, hyphens) or a prefix ending in * (kube-*).',
  'policy.reserved_name_required': 'The names the platform always keeps cannot be removed: {names}.',
  'policy.reserved_name_twice': 'The name “{name}” is given twice.',
  'policy.reason_too_long': 'The reason may be at most {max} characters.',
} as const satisfies Record<PolicyCode, string>

export const policyMessages = { vi, en }
