// Messages for the capacity pools' DomainErrorCodes (decision 0054), Vietnamese first, then
// English; spread into the domain's catalogue (domain.ts). {capacity} and {allocated} arrive in
// the resource's canonical unit and formatDomainError shows them in friendly units (2 vCPU, 1,5 TiB).
import type { DomainErrorCode } from '../../domain/errors'

type PoolCode = Extract<DomainErrorCode, `pool.${string}`>

const vi = {
  'pool.resource_wrong_kind': 'Tài nguyên “{resource}” không thuộc loại vùng tài nguyên “{kind}”.',
  'pool.resource_twice': 'Tài nguyên “{resource}” được khai báo hai lần.',
  'pool.resource_in_use':
    'Không thể bỏ “{resource}” khỏi vùng tài nguyên: đang cấp {allocated} cho các hệ thống; hãy thu hồi trước.',
  'pool.resource_taken':
    'Tài nguyên “{resource}” đã thuộc vùng tài nguyên “{pool}”; mỗi tài nguyên chỉ thuộc một vùng.',
  'pool.no_resources': 'Vùng tài nguyên phải có ít nhất một tài nguyên.',
  'pool.below_allocation':
    'Không thể thu nhỏ “{resource}” xuống sức chứa {capacity}: đã cấp {allocated}. Vùng tài nguyên không bao giờ được nhỏ hơn phần đã cấp.',
  'pool.overcommit_invalid':
    'Hệ số cấp vượt {numerator}/{denominator} không hợp lệ: tử số và mẫu số là số nguyên từ 1 đến 1000, và không quá {max} lần.',
  'pool.code_invalid':
    'Mã vùng tài nguyên “{code}” chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (3 đến 40 ký tự).',
  'pool.code_taken': 'Mã vùng tài nguyên “{code}” đã được dùng.',
  'pool.not_found': 'Không tìm thấy vùng tài nguyên.',
  'pool.stale':
    'Vùng tài nguyên đã được người khác sửa (phiên bản {current}) sau khi bạn mở trang (phiên bản {seen}); hãy xem lại số liệu mới.',
  'pool.reading_unknown': 'Không tìm thấy lần đọc năng lực nền tảng đã chọn làm căn cứ.',
} as const satisfies Record<PoolCode, string>

const en = {
  'pool.resource_wrong_kind': 'The resource “{resource}” does not belong in a “{kind}” pool.',
  'pool.resource_twice': 'The resource “{resource}” is listed twice.',
  'pool.resource_in_use':
    '“{resource}” cannot be removed from the pool: {allocated} of it is allocated to systems; release it first.',
  'pool.resource_taken': 'The resource “{resource}” already belongs to the pool “{pool}”; each resource has one pool.',
  'pool.no_resources': 'A pool needs at least one resource.',
  'pool.below_allocation':
    '“{resource}” cannot shrink to a capacity of {capacity}: {allocated} is allocated. A pool never shrinks below what it has allocated.',
  'pool.overcommit_invalid':
    'The overcommit {numerator}/{denominator} is invalid: both must be whole numbers from 1 to 1000, at most {max} times.',
  'pool.code_invalid':
    'The pool code “{code}” may contain only lowercase letters without accents, digits and hyphens (3 to 40 characters).',
  'pool.code_taken': 'The pool code “{code}” is already used.',
  'pool.not_found': 'The pool was not found.',
  'pool.stale':
    'Someone else changed the pool (version {current}) after you opened the page (version {seen}); review the new figures.',
  'pool.reading_unknown': 'The platform reading chosen as evidence was not found.',
} as const satisfies Record<PoolCode, string>

export const poolMessages = { vi, en }
