// The words of signing in and out, the "ask your administrator" page and refusals of access.
// Kept apart from ui.ts (the shell's catalogue), like workflow.ts.

const vi = {
  'auth.signOut': 'Đăng xuất',
  'auth.signedInAs': 'Đang đăng nhập: {name}',
  'auth.account': 'Tài khoản',
  'auth.role.agency_staff': 'Cán bộ cơ quan',
  'auth.role.dc_operator': 'Vận hành trung tâm dữ liệu',
  'auth.role.security_officer': 'Cán bộ an toàn thông tin',
  'auth.role.platform_admin': 'Quản trị nền tảng',
  'auth.role.none': 'Chưa có vai trò',
  'auth.signIn': 'Đăng nhập lại',
  'auth.problem.title': 'Chưa đăng nhập được',
  'auth.problem.denied':
    'Việc đăng nhập đã bị huỷ hoặc máy chủ đăng nhập không cho phép tài khoản này. Bạn có thể thử đăng nhập lại.',
  'auth.problem.failed': 'Phiên đăng nhập đã hết hạn hoặc đã được dùng. Hãy đăng nhập lại từ đầu.',
  'auth.problem.tooMany': 'Có quá nhiều lần đăng nhập trong thời gian ngắn. Hãy đợi khoảng {seconds} giây rồi thử lại.',
  'auth.problem.unavailable':
    'Không kết nối được máy chủ đăng nhập (Keycloak). Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy báo bộ phận vận hành.',
  'auth.forbidden':
    'Tài khoản của bạn không có quyền thực hiện thao tác này. Nếu công việc cần quyền này, hãy liên hệ quản trị viên.',
  'auth.secondFactorRequired':
    'Thao tác này cần đăng nhập có xác thực hai bước (mã OTP), nhưng phiên đăng nhập này không có. Hãy đăng xuất rồi đăng nhập lại với mã OTP.',
  'auth.crossSite': 'Biểu mẫu này được gửi từ một trang khác nên đã bị từ chối. Hãy mở lại cổng điều hành và thử lại.',
  'noAccess.title': 'Tài khoản chưa được cấp quyền',
  'noAccess.body':
    'Tài khoản của bạn chưa được gán cơ quan hoặc vai trò — hãy liên hệ quản trị viên của Trung tâm Công nghệ số để được cấp quyền.',
  'noAccess.account': 'Bạn đang đăng nhập với tài khoản {username} ({name}).',
  'noAccess.after': 'Sau khi được cấp quyền, hãy đăng xuất rồi đăng nhập lại.',
}

const en: Record<keyof typeof vi, string> = {
  'auth.signOut': 'Sign out',
  'auth.signedInAs': 'Signed in as {name}',
  'auth.account': 'Account',
  'auth.role.agency_staff': 'Agency staff',
  'auth.role.dc_operator': 'Data-centre operator',
  'auth.role.security_officer': 'Security officer',
  'auth.role.platform_admin': 'Platform administrator',
  'auth.role.none': 'No role yet',
  'auth.signIn': 'Sign in again',
  'auth.problem.title': 'You are not signed in',
  'auth.problem.denied':
    'Signing in was cancelled, or the sign-in server did not allow this account. You can try again.',
  'auth.problem.failed': 'This sign-in has expired or was already used. Please sign in again from the start.',
  'auth.problem.tooMany': 'Too many sign-ins in a short time. Please wait about {seconds} seconds and try again.',
  'auth.problem.unavailable':
    'The sign-in server (Keycloak) cannot be reached. Please try again in a few minutes; if it keeps failing, tell the operations team.',
  'auth.forbidden': 'Your account may not do this. If your work needs it, please contact your administrator.',
  'auth.secondFactorRequired':
    'This needs a sign-in with a second factor (a one-time code), and this session had none. Sign out, then sign in again with your code.',
  'auth.crossSite': 'This form was sent from another site, so it was refused. Please open the console again and retry.',
  'noAccess.title': 'Your account has no access yet',
  'noAccess.body':
    'Your account has not been given an agency or a role yet — please ask the administrators of the Digital Technology Centre to grant you access.',
  'noAccess.account': 'You are signed in as {username} ({name}).',
  'noAccess.after': 'Once access is granted, sign out and sign in again.',
}

export const identityMessages = { vi, en } as const
export type IdentityMessageKey = keyof typeof vi
