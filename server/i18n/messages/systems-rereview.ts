// Editing a registration and re-reviewing a confirmed level (issue 15, decision 0084): the pages,
// the notices. Vietnamese first; English has exactly the same keys (the type of `en` checks it).

const vi = {
  'notify.kind.system_level_change_proposed': 'Hệ thống “{project}” đề nghị thay đổi cấp độ an toàn',
  'notify.kind.system_reopened': 'Cấp độ an toàn của hệ thống “{project}” được mở lại để xem xét',
  'notify.kind.system_level_changed': 'Cấp độ an toàn mới của hệ thống “{project}” đã được xác nhận',
  'notify.kind.system_level_change_refused': 'Đề nghị thay đổi cấp độ của hệ thống “{project}” bị từ chối',
  'system.notify.kept': 'Cấp độ {level} vẫn có hiệu lực.',
  'system.notify.nextPropose':
    'Hãy gửi cấp độ đề xuất kèm văn bản phê duyệt trên trang của hệ thống; trong lúc đó cấp độ hiện tại vẫn có hiệu lực.',
  'system.notify.meanwhile': 'Cấp độ đang có hiệu lực giữ nguyên cho đến khi có quyết định.',
  'systems.edit': 'Sửa đăng ký',
  'systems.edit.title': 'Sửa đăng ký: {name}',
  'systems.edit.intro':
    'Đăng ký chưa được xác nhận nên còn sửa được. Không gian tên {namespace} giữ nguyên. Nếu đổi cấp độ hoặc văn bản phê duyệt, đó là một lượt đề xuất mới; cán bộ an toàn thông tin luôn thẩm định bản mới nhất.',
  'systems.edit.submit': 'Lưu thay đổi',
  'systems.edited': 'Đã lưu thay đổi của đăng ký.',
  'systems.version': 'Phiên bản đăng ký',
  'systems.col.levelReview': 'Xem xét lại cấp độ',
  'systems.levelReview.reopened': 'Đã mở lại, chờ cơ quan đề xuất',
  'systems.levelReview.proposed': 'Chờ quyết định về cấp độ mới',
  'systems.step.reopened': 'Mở lại để xem xét cấp độ',
  'systems.step.refused': 'Từ chối thay đổi cấp độ',
  'systems.levelChange.title': 'Đề nghị thay đổi cấp độ',
  'systems.levelChange.intro':
    'Cấp độ {level} vẫn có hiệu lực, hệ thống giữ các hạn mức đã cấp và vẫn được yêu cầu hạn mức theo cấp độ này cho đến khi cán bộ an toàn thông tin xác nhận cấp độ mới.',
  'systems.levelChange.reopened': 'Cán bộ an toàn thông tin đã mở lại việc xem xét cấp độ với lý do: {reason}',
  'systems.levelChange.submit': 'Gửi đề nghị thay đổi cấp độ',
  'systems.levelChange.sent':
    'Đã gửi đề nghị thay đổi cấp độ; cấp độ hiện tại vẫn có hiệu lực cho đến khi được xác nhận.',
  'systems.levelChange.waiting':
    'Đề nghị đổi sang cấp độ {level} đang chờ cán bộ an toàn thông tin quyết định; cấp độ {inForce} vẫn có hiệu lực.',
  'systems.reopen.title': 'Mở lại việc xem xét cấp độ',
  'systems.reopen.intro':
    'Cơ quan sẽ được đề nghị gửi lại cấp độ kèm văn bản phê duyệt. Trong lúc đó cấp độ {level} vẫn có hiệu lực.',
  'systems.reopen.submit': 'Mở lại',
  'systems.reopen.done': 'Đã mở lại việc xem xét cấp độ; cơ quan đã được thông báo.',
  'systems.levelDecision.title': 'Quyết định về việc thay đổi cấp độ',
  'systems.levelDecision.intro': 'Cơ quan đề nghị đổi từ cấp độ {inForce} sang cấp độ {level}.',
  'systems.levelDecision.awaiting':
    'Việc xem xét lại đã được mở và đang chờ cơ quan đề xuất cấp độ; có thể đóng lại bằng cách từ chối kèm lý do.',
  'systems.levelDecision.confirm': 'Xác nhận cấp độ mới',
  'systems.levelDecision.refuse': 'Từ chối, giữ cấp độ đang có hiệu lực (nêu lý do)',
  'systems.levelDecision.done': 'Đã ghi quyết định về cấp độ.',
  'systems.review.kind': 'Việc',
  'systems.review.kind.registration': 'Đăng ký mới',
  'systems.review.kind.levelChange': 'Thay đổi cấp độ',
} as const

const en = {
  'notify.kind.system_level_change_proposed': 'The system “{project}” proposes a change of its security level',
  'notify.kind.system_reopened': 'The security level of the system “{project}” was reopened for review',
  'notify.kind.system_level_changed': 'The new security level of the system “{project}” was confirmed',
  'notify.kind.system_level_change_refused': 'The change of level proposed for the system “{project}” was refused',
  'system.notify.kept': 'Level {level} stays in force.',
  'system.notify.nextPropose':
    'Send the proposed level with its approving document on the system’s page; meanwhile the current level stays in force.',
  'system.notify.meanwhile': 'The level in force stays until the decision.',
  'systems.edit': 'Edit the registration',
  'systems.edit.title': 'Edit the registration: {name}',
  'systems.edit.intro':
    'The registration is not confirmed yet, so it can still be edited. The namespace {namespace} stays. A change of the level or of its approving document is a new proposal; a security officer always reviews the latest.',
  'systems.edit.submit': 'Save the changes',
  'systems.edited': 'The registration’s changes were saved.',
  'systems.version': 'Registration version',
  'systems.col.levelReview': 'Level re-review',
  'systems.levelReview.reopened': 'Reopened, awaiting the agency’s proposal',
  'systems.levelReview.proposed': 'New level awaiting a decision',
  'systems.step.reopened': 'Reopened for a level review',
  'systems.step.refused': 'Level change refused',
  'systems.levelChange.title': 'Propose a change of level',
  'systems.levelChange.intro':
    'Level {level} stays in force: the system keeps its granted quotas and may keep requesting under this level until a security officer confirms the new one.',
  'systems.levelChange.reopened': 'A security officer reopened the level for review, because: {reason}',
  'systems.levelChange.submit': 'Send the proposed change of level',
  'systems.levelChange.sent':
    'The change of level was proposed; the current level stays in force until it is confirmed.',
  'systems.levelChange.waiting':
    'The proposed change to level {level} awaits a security officer’s decision; level {inForce} stays in force.',
  'systems.reopen.title': 'Reopen the level for review',
  'systems.reopen.intro':
    'The agency will be asked to send its level again with an approving document. Meanwhile level {level} stays in force.',
  'systems.reopen.submit': 'Reopen',
  'systems.reopen.done': 'The level was reopened for review; the agency was told.',
  'systems.levelDecision.title': 'Decision on the change of level',
  'systems.levelDecision.intro': 'The agency proposes to change from level {inForce} to level {level}.',
  'systems.levelDecision.awaiting':
    'The re-review is open and awaits the agency’s proposal; it can be closed by refusing with a reason.',
  'systems.levelDecision.confirm': 'Confirm the new level',
  'systems.levelDecision.refuse': 'Refuse, keep the level in force (give a reason)',
  'systems.levelDecision.done': 'The decision on the level was recorded.',
  'systems.review.kind': 'Task',
  'systems.review.kind.registration': 'New registration',
  'systems.review.kind.levelChange': 'Change of level',
} as const satisfies Record<keyof typeof vi, string>

export const systemReReviewMessages = { vi, en } as const
export type SystemReReviewMessageKey = keyof typeof vi
