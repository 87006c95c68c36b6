// What the reconciler's conditions say and what the platform's refusals mean, in the reader's
// language (decision 0080). A condition stores its key and parameters (server/provisioning/
// conditions.ts); pages and the API put them into words here. Parameters are the project's own
// facts only (counts, its namespace, its objects' names), so every reader of the project may see them;
// the platform's own words stay in the condition's `message`, for the data centre's roles.
//
// platform.error.<system>.<problem>: one sentence per system and problem (PlatformProblem in
// server/platform/errors.ts), what happened and what happens next, with no host, port or identity.

const vi = {
  'prov.msg.Provisioned': 'Namespace {namespace} và {buckets} bucket khớp với hạn mức đã cấp.',
  'prov.msg.Applied': 'Đã ghi {count} đối tượng lên Kubernetes.',
  'prov.msg.UpToDate': 'Không có gì cần thay đổi.',
  'prov.msg.QuotaBelowUsage':
    'Hạn mức mới thấp hơn mức đang dùng ({over}); Kubernetes từ chối tạo pod mới cho đến khi mức dùng giảm.',
  'prov.msg.PostureFinding': 'Có {count} lưu ý an toàn thông tin mức cao (xem mục "Lưu ý an toàn thông tin").',
  'prov.msg.DriftRepaired': 'Đã khôi phục thay đổi ngoài cổng trên {targets}.',
  'prov.msg.AllocationEnded': 'Hạn mức đã kết thúc; dữ liệu được giữ đến hết thời gian lưu giữ.',
  'prov.msg.GracePeriod': 'Không có gì bị xoá trước khi hết thời gian lưu giữ.',
  'prov.msg.Deleted': 'Namespace, các bucket và danh tính truy cập đã được xoá.',
  'prov.msg.DeletingLocked':
    'Các phiên bản sao lưu còn trong thời gian khoá đối tượng; bucket sẽ được xoá khi hết khoá.',
  'prov.msg.DeletingNamespace': 'Đang chờ Kubernetes xoá xong namespace.',
  'prov.msg.NotOwnedLeftAlone':
    'Không do cổng tạo nên không bị xoá: {names} (không có nhãn hoặc thẻ sở hữu của hệ thống này).',
  'prov.msg.Retrying': 'Cổng sẽ tự thử lại, mỗi lần cách nhau lâu hơn.',
  'prov.msg.Stopped': 'Thử lại không giúp được cho đến khi hạn mức được cấp hoặc nền tảng thay đổi.',
  'platform.error.kubernetes.unavailable':
    'Không kết nối được máy chủ API Kubernetes, hoặc máy chủ đang bận; cổng sẽ tự thử lại.',
  'platform.error.kubernetes.conflict':
    'Kubernetes báo xung đột: đối tượng vừa bị thay đổi, hoặc namespace đang được xoá; cổng sẽ tự thử lại.',
  'platform.error.kubernetes.invalid':
    'Kubernetes từ chối một đối tượng vì không hợp lệ; cần sửa hạn mức hoặc cấu hình trước khi thử lại.',
  'platform.error.kubernetes.forbidden':
    'Kubernetes từ chối quyền của cổng; trung tâm dữ liệu cần kiểm tra quyền của tài khoản dịch vụ của cổng.',
  'platform.error.kubernetes.not_found': 'Kubernetes không tìm thấy một đối tượng mà cổng cần.',
  'platform.error.kubernetes.not_owned':
    'Đã có namespace mang tên này nhưng không do cổng tạo cho hệ thống này, hoặc đó là tên dành riêng cho nền tảng; cổng không tiếp quản cũng không xoá nó.',
  'platform.error.kubernetes.quota_exceeded': 'Kubernetes từ chối vì hạn mức của namespace đã dùng hết.',
  'platform.error.storage.unavailable':
    'Không kết nối được kho lưu trữ đối tượng, hoặc kho đang bận; cổng sẽ tự thử lại.',
  'platform.error.storage.conflict': 'Kho lưu trữ đối tượng báo xung đột: bucket vừa bị thay đổi; cổng sẽ tự thử lại.',
  'platform.error.storage.invalid':
    'Kho lưu trữ đối tượng từ chối yêu cầu vì không hợp lệ; cần sửa cấu hình trước khi thử lại.',
  'platform.error.storage.forbidden':
    'Kho lưu trữ đối tượng từ chối quyền của cổng; trung tâm dữ liệu cần kiểm tra khoá quản trị của cổng.',
  'platform.error.storage.not_found': 'Kho lưu trữ đối tượng không tìm thấy bucket hoặc dữ liệu mà cổng cần.',
  'platform.error.storage.not_owned':
    'Đã có bucket mang tên này nhưng không do cổng tạo cho hệ thống này; cổng không tiếp quản cũng không xoá nó.',
  'platform.error.storage.quota_exceeded':
    'Kho lưu trữ đối tượng từ chối vì đã hết hạn mức (dung lượng hoặc số bucket).',
  'platform.error.metrics.unavailable': 'Không kết nối được kho số liệu đo, hoặc kho đang bận; cổng sẽ tự thử lại.',
  'platform.error.metrics.conflict': 'Kho số liệu đo báo xung đột; cổng sẽ tự thử lại.',
  'platform.error.metrics.invalid': 'Kho số liệu đo từ chối câu hỏi của cổng vì không hợp lệ.',
  'platform.error.metrics.forbidden': 'Kho số liệu đo từ chối quyền của cổng.',
  'platform.error.metrics.not_found': 'Kho số liệu đo không có dữ liệu được hỏi.',
  'platform.error.metrics.not_owned': 'Kho số liệu đo trả lời về dữ liệu không thuộc cổng.',
  'platform.error.metrics.quota_exceeded': 'Kho số liệu đo từ chối vì câu hỏi vượt giới hạn của kho.',
} as const

const en: Record<keyof typeof vi, string> = {
  'prov.msg.Provisioned': 'Namespace {namespace} and {buckets} bucket(s) match the allocation.',
  'prov.msg.Applied': 'Applied {count} object(s) to Kubernetes.',
  'prov.msg.UpToDate': 'Nothing to change.',
  'prov.msg.QuotaBelowUsage':
    'The new quota is below current use ({over}); Kubernetes refuses new pods until use falls.',
  'prov.msg.PostureFinding': '{count} high-severity security note(s) (see "Security notes").',
  'prov.msg.DriftRepaired': 'Repaired drift on {targets}.',
  'prov.msg.AllocationEnded': 'The allocation ended; data is kept until the grace period ends.',
  'prov.msg.GracePeriod': 'Nothing is deleted before the grace period ends.',
  'prov.msg.Deleted': 'The namespace, buckets and identity were removed.',
  'prov.msg.DeletingLocked': 'Backup versions are still under object lock; the bucket is removed when the lock ends.',
  'prov.msg.DeletingNamespace': 'Waiting for Kubernetes to finish deleting the namespace.',
  'prov.msg.NotOwnedLeftAlone':
    "Not the console's, so not deleted: {names} (no ownership labels or tags for this system).",
  'prov.msg.Retrying': 'The pass will be retried with backoff.',
  'prov.msg.Stopped': 'Retrying will not help until the granted quota or the platform changes.',
  'platform.error.kubernetes.unavailable':
    'The Kubernetes API server could not be reached or was busy; the console will try again.',
  'platform.error.kubernetes.conflict':
    'Kubernetes reported a conflict: the object changed meanwhile, or the namespace is being deleted; the console will try again.',
  'platform.error.kubernetes.invalid':
    'Kubernetes refused an object as invalid; the quota or the configuration must change before it is tried again.',
  'platform.error.kubernetes.forbidden':
    "Kubernetes refused the console's permissions; the data centre must check the console's service account.",
  'platform.error.kubernetes.not_found': 'Kubernetes did not find an object the console needs.',
  'platform.error.kubernetes.not_owned':
    "A namespace with this name exists that the console did not make for this system, or the name is the platform's; the console neither takes it over nor deletes it.",
  'platform.error.kubernetes.quota_exceeded': "Kubernetes refused because the namespace's quota is used up.",
  'platform.error.storage.unavailable':
    'The object storage could not be reached or was busy; the console will try again.',
  'platform.error.storage.conflict':
    'The object storage reported a conflict: the bucket changed meanwhile; the console will try again.',
  'platform.error.storage.invalid':
    'The object storage refused the request as invalid; the configuration must change before it is tried again.',
  'platform.error.storage.forbidden':
    "The object storage refused the console's permissions; the data centre must check the console's admin keys.",
  'platform.error.storage.not_found': 'The object storage did not find a bucket or data the console needs.',
  'platform.error.storage.not_owned':
    'A bucket with this name exists that the console did not make for this system; the console neither takes it over nor deletes it.',
  'platform.error.storage.quota_exceeded': 'The object storage refused because a quota (space or buckets) is used up.',
  'platform.error.metrics.unavailable':
    'The metrics store could not be reached or was busy; the console will try again.',
  'platform.error.metrics.conflict': 'The metrics store reported a conflict; the console will try again.',
  'platform.error.metrics.invalid': "The metrics store refused the console's query as invalid.",
  'platform.error.metrics.forbidden': "The metrics store refused the console's permissions.",
  'platform.error.metrics.not_found': 'The metrics store has no data for the query.',
  'platform.error.metrics.not_owned': "The metrics store answered about data that is not the console's.",
  'platform.error.metrics.quota_exceeded': "The metrics store refused because the query is over the store's limits.",
}

export const conditionMessages = { vi, en } as const
export type ConditionMessageKey = keyof typeof vi
