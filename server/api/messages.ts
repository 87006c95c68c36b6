import { interpolate, type Locale } from '../i18n/format'

// The API's own messages (authentication, HTTP-level problems), in Vietnamese and English. Errors
// of the domain keep their own catalogue (server/i18n/messages/domain.ts); the API only adds what
// happens before a request reaches the domain.

export const API_PROBLEM_CODES = [
  'auth.token_missing',
  'auth.token_malformed',
  'auth.token_expired',
  'auth.token_wrong_audience',
  'auth.token_wrong_issuer',
  'auth.token_bad_signature',
  'auth.no_role',
  'auth.second_factor_required',
  'auth.provider_unavailable',
  'api.forbidden',
  'api.not_found',
  'api.route_not_found',
  'api.method_not_allowed',
  'api.unsupported_media_type',
  'api.body_too_large',
  'api.malformed_json',
  'api.invalid_input',
  'api.invalid_query',
  'api.invalid_cursor',
  'api.unknown_field',
  'api.field_not_allowed',
  'api.project_not_found',
  'api.project_immutable',
  'api.allocation_not_found',
  'api.stale',
  'api.policy_stale',
  'api.internal',
  'api.database_unavailable',
  'api.provisioning_not_found',
  'api.not_provisioned',
  'api.credential_revoked',
  'api.storage_unavailable',
  'api.backups_unavailable',
  'api.label_required',
  'api.text_too_long',
  'api.credential_limit',
  'api.rate_limited',
  'api.audit_not_configured',
  'api.audit_export_too_large',
] as const
export type ApiProblemCode = (typeof API_PROBLEM_CODES)[number]

const vi: Record<ApiProblemCode, string> = {
  'auth.token_missing': 'Thiếu mã truy cập: hãy gửi tiêu đề Authorization: Bearer <mã truy cập> do Keycloak cấp.',
  'auth.token_malformed': 'Mã truy cập không đúng định dạng: cần một JWT trong tiêu đề Authorization: Bearer.',
  'auth.token_expired': 'Mã truy cập đã hết hạn: hãy lấy mã mới từ Keycloak.',
  'auth.token_wrong_audience':
    'Mã truy cập không được cấp cho API này (audience không đúng): hãy dùng client dành cho API.',
  'auth.token_wrong_issuer': 'Mã truy cập do một máy chủ định danh khác cấp (issuer không đúng).',
  'auth.token_bad_signature': 'Chữ ký của mã truy cập không hợp lệ: mã không do Keycloak của tỉnh ký hoặc đã bị sửa.',
  'auth.no_role': 'Tài khoản không có vai trò nào trong cổng quản trị đám mây: hãy liên hệ quản trị viên.',
  'auth.second_factor_required':
    'Thao tác này cần mã truy cập của một lần đăng nhập có xác thực hai bước (mã OTP): hãy đăng nhập lại với mã OTP.',
  'auth.provider_unavailable':
    'Không kiểm tra được mã truy cập vì máy chủ định danh (Keycloak) không phản hồi. Hãy thử lại sau ít phút.',
  'api.forbidden': 'Vai trò của bạn không cho phép thao tác này.',
  'api.not_found': 'Không tìm thấy đối tượng được yêu cầu.',
  'api.route_not_found': 'Không có thao tác API nào ở đường dẫn này.',
  'api.method_not_allowed': 'Không dùng được phương thức {method} ở đường dẫn này; các phương thức được phép: {allow}.',
  'api.unsupported_media_type': 'Nội dung gửi lên phải là JSON (Content-Type: application/json).',
  'api.body_too_large': 'Nội dung gửi lên vượt quá giới hạn {max} byte.',
  'api.malformed_json': 'Nội dung gửi lên không phải JSON hợp lệ.',
  'api.invalid_input': 'Dữ liệu gửi lên không hợp lệ ({count} lỗi): xem danh sách errors.',
  'api.invalid_query': 'Tham số truy vấn không hợp lệ: {name}.',
  'api.invalid_cursor': 'Con trỏ phân trang không hợp lệ hoặc thuộc một danh sách khác.',
  'api.unknown_field': 'Trường không được hỗ trợ.',
  'api.field_not_allowed': 'Trường này không dùng được với thao tác {action}.',
  'api.project_not_found': 'Không tìm thấy dự án này trong các dự án của cơ quan bạn.',
  'api.project_immutable': 'Không thể chuyển yêu cầu sang một dự án khác.',
  'api.allocation_not_found': 'Dự án chưa từng được cấp tài nguyên.',
  'api.stale':
    'Yêu cầu đã thay đổi kể từ phiên bản {expected} bạn đã đọc (nay là phiên bản {current}): hãy đọc lại rồi thử lại.',
  'api.policy_stale':
    'Chính sách đã có phiên bản {current} kể từ phiên bản {expected} bạn đã đọc: hãy đọc lại rồi thử lại.',
  'api.internal': 'Đã xảy ra lỗi trên máy chủ. Mã tham chiếu: {reference}.',
  'api.database_unavailable':
    'Tạm thời không kết nối được cơ sở dữ liệu; không có gì được ghi lại. Hãy thử lại sau ít phút. Mã tham chiếu: {reference}.',
  'api.provisioning_not_found': 'Dự án chưa từng được cấp phát.',
  'api.not_provisioned':
    'Kho lưu trữ đối tượng của dự án chưa được cấp phát xong; hãy thử lại khi trạng thái cấp phát là ready.',
  'api.credential_revoked': 'Khoá truy cập này đã bị thu hồi.',
  'api.storage_unavailable':
    'Kho lưu trữ đối tượng không thực hiện được thao tác; không có gì được ghi lại. Hãy thử lại sau. Mã tham chiếu: {reference}.',
  'api.backups_unavailable':
    'Không liên lạc được với hệ thống sao lưu lúc này; không có gì được thực hiện. Hãy thử lại sau. Mã tham chiếu: {reference}.',
  'api.label_required': 'Cần một nhãn (chuỗi không rỗng).',
  'api.text_too_long': 'Dài tối đa {max} ký tự.',
  'api.credential_limit':
    'Dự án đã có {max} khoá đang dùng, là số tối đa: hãy thu hồi một khoá không còn dùng trước khi cấp khoá mới.',
  'api.rate_limited': 'Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn: hãy thử lại sau {seconds} giây.',
  'api.audit_not_configured': 'Chưa thể xuất nhật ký: thiếu khoá xác minh hoặc kho lưu trữ điểm kiểm tra.',
  'api.audit_export_too_large': 'Quá {max} mục: hãy thu hẹp khoảng thời gian hoặc điều kiện tìm kiếm.',
}

const en: Record<ApiProblemCode, string> = {
  'auth.token_missing': 'No access token: send an Authorization: Bearer <token> header with a token from Keycloak.',
  'auth.token_malformed': 'The access token is malformed: a JWT in an Authorization: Bearer header is expected.',
  'auth.token_expired': 'The access token has expired: get a new one from Keycloak.',
  'auth.token_wrong_audience':
    'The access token was not issued for this API (wrong audience): use a client meant for the API.',
  'auth.token_wrong_issuer': 'The access token comes from another identity provider (wrong issuer).',
  'auth.token_bad_signature':
    "The access token's signature is not valid: it was not signed by the province's Keycloak, or it was altered.",
  'auth.no_role': 'The account holds no role in the cloud console: ask your administrator.',
  'auth.second_factor_required':
    'This operation needs a token from a sign-in with a second factor (a one-time code): sign in again with your code.',
  'auth.provider_unavailable':
    'The access token cannot be checked because the identity provider (Keycloak) does not answer. Try again in a few minutes.',
  'api.forbidden': 'Your roles do not allow this operation.',
  'api.not_found': 'The requested object was not found.',
  'api.route_not_found': 'There is no API operation at this path.',
  'api.method_not_allowed': 'Method {method} cannot be used on this path; allowed: {allow}.',
  'api.unsupported_media_type': 'The body must be JSON (Content-Type: application/json).',
  'api.body_too_large': 'The body is larger than the limit of {max} bytes.',
  'api.malformed_json': 'The body is not valid JSON.',
  'api.invalid_input': 'The body is invalid ({count} problems): see the errors list.',
  'api.invalid_query': 'Invalid query parameter: {name}.',
  'api.invalid_cursor': 'The paging cursor is invalid or belongs to another list.',
  'api.unknown_field': 'This field is not supported.',
  'api.field_not_allowed': 'This field cannot be used with the {action} action.',
  'api.project_not_found': "No such project among your agency's projects.",
  'api.project_immutable': 'A request cannot be moved to another project.',
  'api.allocation_not_found': 'The project has never been granted anything.',
  'api.stale':
    'The request changed since version {expected}, which you read (it is now at version {current}): read it again and retry.',
  'api.policy_stale':
    'The policy is at version {current} since version {expected}, which you read: read it again and retry.',
  'api.internal': 'Something went wrong on the server. Reference: {reference}.',
  'api.database_unavailable':
    'The database cannot be reached for now; nothing was recorded. Try again in a few minutes. Reference: {reference}.',
  'api.provisioning_not_found': 'The project has never been provisioned.',
  'api.not_provisioned':
    "The project's object storage is not provisioned yet; try again when the provisioning phase is ready.",
  'api.credential_revoked': 'This access key was already revoked.',
  'api.storage_unavailable':
    'The object storage could not do this; nothing was recorded. Try again later. Reference: {reference}.',
  'api.backups_unavailable':
    'The backup system could not be reached now; nothing was done. Try again later. Reference: {reference}.',
  'api.label_required': 'A label (a non-empty string) is required.',
  'api.text_too_long': 'At most {max} characters.',
  'api.credential_limit':
    'The project already has {max} live keys, the most it may hold: revoke one that is no longer used before issuing another.',
  'api.rate_limited': 'Too many requests in a short time: try again in {seconds} seconds.',
  'api.audit_not_configured': 'Cannot export the trail: the verification key or the checkpoints’ storage is missing.',
  'api.audit_export_too_large': 'More than {max} entries: narrow the time range or the search.',
}

export const apiMessages: Readonly<Record<Locale, Readonly<Record<ApiProblemCode, string>>>> = { vi, en }

export function apiMessage(
  code: ApiProblemCode,
  locale: Locale,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return interpolate(apiMessages[locale][code], params)
}

/** Short titles of the HTTP statuses the API answers with (RFC 9457 `title`). */
const TITLES: Readonly<Record<Locale, Readonly<Record<number, string>>>> = {
  vi: {
    400: 'Yêu cầu không hợp lệ',
    401: 'Chưa xác thực',
    403: 'Không được phép',
    404: 'Không tìm thấy',
    405: 'Phương thức không được hỗ trợ',
    409: 'Xung đột',
    413: 'Nội dung quá lớn',
    415: 'Kiểu nội dung không được hỗ trợ',
    422: 'Dữ liệu không hợp lệ',
    429: 'Quá nhiều yêu cầu',
    500: 'Lỗi máy chủ',
    503: 'Dịch vụ tạm thời không sẵn sàng',
  },
  en: {
    400: 'Bad request',
    401: 'Unauthenticated',
    403: 'Forbidden',
    404: 'Not found',
    405: 'Method not allowed',
    409: 'Conflict',
    413: 'Content too large',
    415: 'Unsupported media type',
    422: 'Invalid input',
    429: 'Too many requests',
    500: 'Server error',
    503: 'Service unavailable',
  },
}

export function statusTitle(status: number, locale: Locale): string {
  return TITLES[locale][status] ?? TITLES[locale][500]!
}
