// The frame of every page: the console's name, navigation, language, paging, the error page and
// the words many pages share.
// Vietnamese first; English has exactly the same keys (the type of `en` checks it).

const vi = {
  'app.name': 'Cổng điều hành đám mây tỉnh Lạng Sơn',
  'app.shortName': 'Đám mây Lạng Sơn',
  'app.footer': 'Trung tâm dữ liệu tỉnh Lạng Sơn · phiên bản {version}',
  'app.skipToContent': 'Chuyển đến nội dung chính',

  'nav.label': 'Điều hướng chính',
  'nav.dashboard': 'Tổng quan',
  'nav.agencies': 'Cơ quan',
  'nav.projects': 'Dự án',
  'nav.requests': 'Yêu cầu hạn mức',
  'nav.systems': 'Hệ thống thông tin',
  'nav.queue': 'Phê duyệt',
  'nav.menu': 'Danh mục',
  'nav.breadcrumbs': 'Đường dẫn',
  'nav.costs': 'Chi phí',
  'nav.platform': 'Nền tảng',

  'lang.label': 'Ngôn ngữ',
  'lang.vi': 'Tiếng Việt',
  'lang.en': 'English',
  'lang.invalid': 'Ngôn ngữ không được hỗ trợ.',

  'common.yes': 'Có',
  'common.no': 'Không',
  'common.none': '—',
  'common.notSet': 'Chưa đặt',
  'common.apply': 'Áp dụng',
  'common.all': 'Tất cả',
  'common.total': 'Tổng số',
  'common.details': 'Chi tiết',

  'paging.label': 'Phân trang',
  'paging.previous': 'Trang trước',
  'paging.next': 'Trang sau',
  'paging.status': 'Trang {page}/{pages} · {total} mục',
  'paging.first': 'Trang đầu',
  'paging.total': '{total} mục',

  'form.errorSummary.title': 'Chưa lưu được: hãy sửa các mục dưới đây',
  'form.error.prefix': 'Lỗi:',

  'error.title': 'Đã xảy ra lỗi',
  'error.status': 'Mã lỗi {status}',
  'error.home': 'Về trang tổng quan',
  'error.notFound.title': 'Không tìm thấy trang',
  'error.notFound.body': 'Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ.',
  'error.forbidden.title': 'Không có quyền truy cập',
  'error.forbidden.body':
    'Tài khoản của bạn không có quyền xem trang này. Nếu công việc cần quyền này, hãy liên hệ quản trị viên.',
  'error.badRequest.title': 'Yêu cầu không hợp lệ',
  'error.badRequest.body': 'Địa chỉ hoặc dữ liệu gửi lên không hợp lệ.',
  'error.tooLarge.title': 'Dữ liệu gửi lên quá lớn',
  'error.tooLarge.body': 'Biểu mẫu gửi lên vượt quá giới hạn {max} KiB. Hãy rút gọn nội dung rồi gửi lại.',
  'error.server.title': 'Hệ thống gặp sự cố',
  'error.server.body':
    'Không xử lý được yêu cầu của bạn. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo bộ phận vận hành kèm mã tham chiếu.',
  'error.unavailable.title': 'Tạm thời không kết nối được cơ sở dữ liệu',
  'error.unavailable.body':
    'Cổng chưa đọc hay ghi được dữ liệu lúc này nên chưa có gì được lưu. Hệ thống sẽ tự kết nối lại: vui lòng thử lại sau ít phút.',
  'error.reference': 'Mã tham chiếu: {reference}',
  'error.devDetails': 'Chi tiết kỹ thuật (chỉ hiện ở chế độ phát triển)',
} as const

const en: Record<keyof typeof vi, string> = {
  'app.name': 'Lạng Sơn Government Cloud Console',
  'app.shortName': 'Lạng Sơn Cloud',
  'app.footer': 'Lạng Sơn provincial data centre · version {version}',
  'app.skipToContent': 'Skip to main content',

  'nav.label': 'Main navigation',
  'nav.dashboard': 'Dashboard',
  'nav.agencies': 'Agencies',
  'nav.projects': 'Projects',
  'nav.requests': 'Quota requests',
  'nav.systems': 'Systems',
  'nav.queue': 'Approvals',
  'nav.menu': 'Menu',
  'nav.breadcrumbs': 'Breadcrumb',
  'nav.costs': 'Costs',
  'nav.platform': 'Platform',

  'lang.label': 'Language',
  'lang.vi': 'Tiếng Việt',
  'lang.en': 'English',
  'lang.invalid': 'That language is not supported.',

  'common.yes': 'Yes',
  'common.no': 'No',
  'common.none': '—',
  'common.notSet': 'Not set',
  'common.apply': 'Apply',
  'common.all': 'All',
  'common.total': 'Total',
  'common.details': 'Details',

  'paging.label': 'Pagination',
  'paging.previous': 'Previous page',
  'paging.next': 'Next page',
  'paging.status': 'Page {page} of {pages} · {total} items',
  'paging.first': 'First page',
  'paging.total': '{total} items',

  'form.errorSummary.title': 'Not saved: please correct the following',
  'form.error.prefix': 'Error:',

  'error.title': 'Something went wrong',
  'error.status': 'Error {status}',
  'error.home': 'Back to the dashboard',
  'error.notFound.title': 'Page not found',
  'error.notFound.body': 'The page you asked for does not exist or has moved. Please check the address.',
  'error.forbidden.title': 'Access denied',
  'error.forbidden.body':
    'Your account may not see this page. If your work needs it, please contact your administrator.',
  'error.badRequest.title': 'Invalid request',
  'error.badRequest.body': 'The address or the data sent is not valid.',
  'error.tooLarge.title': 'Too much data sent',
  'error.tooLarge.body': 'The form sent is over the {max} KiB limit. Shorten what you wrote and send it again.',
  'error.server.title': 'The system ran into a problem',
  'error.server.body':
    'Your request could not be handled. Please try again in a few minutes; if it keeps failing, tell the operations team and give them the reference.',
  'error.unavailable.title': 'The database cannot be reached for now',
  'error.unavailable.body':
    'The console cannot read or write its data at the moment, so nothing was saved. It reconnects by itself: please try again in a few minutes.',
  'error.reference': 'Reference: {reference}',
  'error.devDetails': 'Technical details (shown in development mode only)',
}

export const shellMessages = { vi, en }
