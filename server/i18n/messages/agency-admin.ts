// The platform administrators' agency pages (issue 15, decision 0052): create, rename, re-parent,
// archive, and the mismatches with Keycloak's groups. Vietnamese first; English has exactly the
// same keys (the type of `en` checks it).

const vi = {
  'agencyAdmin.title': 'Quản lý cơ quan',
  'agencyAdmin.intro':
    'Cơ quan, đơn vị và cơ quan chủ quản do bảng điều khiển quản lý; nhóm /agencies/<mã> trên Keycloak được đồng bộ theo, trong vòng vài giây sau mỗi thay đổi.',
  'agencyAdmin.create': 'Thêm cơ quan',
  'agencyAdmin.createSubmit': 'Thêm cơ quan',
  'agencyAdmin.code': 'Mã (không dấu, không đổi được về sau)',
  'agencyAdmin.nameVi': 'Tên tiếng Việt',
  'agencyAdmin.nameEn': 'Tên tiếng Anh (nếu có)',
  'agencyAdmin.kind': 'Loại cơ quan',
  'agencyAdmin.parent': 'Cơ quan chủ quản',
  'agencyAdmin.noParent': '— Không có (cấp cao nhất) —',
  'agencyAdmin.all': 'Tất cả cơ quan',
  'agencyAdmin.edit': 'Sửa',
  'agencyAdmin.failed': 'Chưa lưu: hãy sửa các trường được đánh dấu bên dưới.',
  'agencyAdmin.created': 'Đã thêm cơ quan {code}.',
  'agencyAdmin.saved': 'Đã lưu thay đổi của cơ quan {code}.',
  'agencyAdmin.groupIssues': 'Chưa khớp với nhóm trên Keycloak',
  'agencyAdmin.groupIssuesNone': 'Mọi cơ quan đều có nhóm trên Keycloak và mọi nhóm đều có cơ quan.',
  'agencyAdmin.issue.group_without_agency': 'Nhóm trên Keycloak chưa có cơ quan',
  'agencyAdmin.issue.agency_without_group': 'Cơ quan chưa tạo được nhóm trên Keycloak',
  'agencyAdmin.issueSince': 'Từ {at}',
  'agencyAdmin.adopt': 'Thêm cơ quan cho nhóm này',
  'agencyAdmin.rename': 'Đổi tên',
  'agencyAdmin.renameSubmit': 'Lưu tên mới',
  'agencyAdmin.reparent': 'Chuyển cơ quan chủ quản',
  'agencyAdmin.reparentSubmit': 'Chuyển',
  'agencyAdmin.archive': 'Ngừng hoạt động',
  'agencyAdmin.archiveIntro':
    'Cơ quan ngừng hoạt động giữ nguyên lịch sử (hệ thống, hạn mức đã cấp, bảng kê, nhật ký) nhưng không thể yêu cầu hạn mức mới. Không thể hoàn tác trên trang này.',
  'agencyAdmin.archiveSubmit': 'Cho ngừng hoạt động',
  'agencyAdmin.inactive': 'Cơ quan này đã sáp nhập hoặc ngừng hoạt động: chỉ còn xem được lịch sử.',
} as const

const en = {
  'agencyAdmin.title': 'Manage agencies',
  'agencyAdmin.intro':
    'Agencies and their parent bodies are managed in the console; the Keycloak groups /agencies/<code> follow within seconds of each change.',
  'agencyAdmin.create': 'Add an agency',
  'agencyAdmin.createSubmit': 'Add agency',
  'agencyAdmin.code': 'Code (no accents; cannot be changed later)',
  'agencyAdmin.nameVi': 'Vietnamese name',
  'agencyAdmin.nameEn': 'English name (if any)',
  'agencyAdmin.kind': 'Kind of agency',
  'agencyAdmin.parent': 'Parent body',
  'agencyAdmin.noParent': '— None (top level) —',
  'agencyAdmin.all': 'All agencies',
  'agencyAdmin.edit': 'Edit',
  'agencyAdmin.failed': 'Not saved: correct the fields marked below.',
  'agencyAdmin.created': 'Agency {code} added.',
  'agencyAdmin.saved': 'Changes to agency {code} saved.',
  'agencyAdmin.groupIssues': 'Not matched with Keycloak’s groups',
  'agencyAdmin.groupIssuesNone': 'Every agency has its Keycloak group and every group has its agency.',
  'agencyAdmin.issue.group_without_agency': 'Keycloak group without an agency',
  'agencyAdmin.issue.agency_without_group': 'Agency whose Keycloak group could not be made',
  'agencyAdmin.issueSince': 'Since {at}',
  'agencyAdmin.adopt': 'Add an agency for this group',
  'agencyAdmin.rename': 'Rename',
  'agencyAdmin.renameSubmit': 'Save the new names',
  'agencyAdmin.reparent': 'Move under another parent body',
  'agencyAdmin.reparentSubmit': 'Move',
  'agencyAdmin.archive': 'Archive',
  'agencyAdmin.archiveIntro':
    'An archived agency keeps its history (systems, granted quotas, statements, audit trail) but can no longer request quotas. This page cannot undo it.',
  'agencyAdmin.archiveSubmit': 'Archive the agency',
  'agencyAdmin.inactive': 'This agency has been merged or archived: only its history remains.',
} as const satisfies Record<keyof typeof vi, string>

export const agencyAdminMessages = { vi, en } as const
export type AgencyAdminMessageKey = keyof typeof vi
