// The catalogue of security checks in words (server/security/catalogue/): each check's title and
// what to do about it, and the names of severities, requirement groups, subjects and enforcements.
// Vietnamese first; English has exactly the same keys (the type of `en` checks it), and
// server/security/catalogue/catalogue.test.ts checks that every check has its two texts.

const vi = {
  'check.GC-WL-01.title': 'Workload không khai báo yêu cầu (requests) hoặc giới hạn (limits) CPU, bộ nhớ',
  'check.GC-WL-01.remediation':
    'Khai báo resources.requests và resources.limits cho cpu và memory ở mọi container (kể cả initContainers). Giá trị mặc định của LimitRange chỉ là tạm thời: hãy đặt theo mức dùng thực tế.',
  'check.GC-WL-02.title': 'Image lấy từ kho ngoài danh sách được phép của cấp độ',
  'check.GC-WL-02.remediation':
    'Đẩy image lên kho của trung tâm dữ liệu (registry.langson.gov.vn) sau khi quét lỗ hổng, rồi tham chiếu image từ đó. Danh sách kho được phép của từng cấp độ do trung tâm dữ liệu quy định.',
  'check.GC-WL-03.title': 'Image dùng thẻ có thể thay đổi (:latest, không có thẻ, hoặc không có digest ở cấp độ 5)',
  'check.GC-WL-03.remediation':
    'Tham chiếu image bằng một thẻ phiên bản cố định (ví dụ :1.4.2); với hệ thống cấp độ 5, bằng digest (image@sha256:…) để nội dung không thể bị thay đổi sau khi đã rà soát.',
  'check.GC-WL-04.title': 'Container có đặc quyền hoặc truy cập máy chủ vượt mức Pod Security của namespace',
  'check.GC-WL-04.remediation':
    'Bỏ privileged, hostNetwork, hostPID, hostIPC, hostPath và hostPort; không thêm capabilities (chỉ NET_BIND_SERVICE), đặt allowPrivilegeEscalation: false, runAsNonRoot: true và seccompProfile RuntimeDefault.',
  'check.GC-WL-05.title': 'Pod tự động gắn token của service account',
  'check.GC-WL-05.remediation':
    'Đặt automountServiceAccountToken: false trong pod (hoặc trong service account). Chỉ bật cho pod thật sự cần gọi API của Kubernetes, kèm quyền tối thiểu.',
  'check.GC-NET-01.title': 'Service mở ra ngoài bằng NodePort hoặc LoadBalancer',
  'check.GC-NET-01.remediation':
    'Dùng Service kiểu ClusterIP và công bố qua Ingress của nền tảng (có TLS và tường lửa của trung tâm dữ liệu).',
  'check.GC-NET-02.title': 'Ingress không có TLS',
  'check.GC-NET-02.remediation':
    'Khai báo spec.tls cho mọi host của Ingress, với chứng thư do trung tâm dữ liệu cấp hoặc qua cert-manager của nền tảng.',
  'check.GC-NET-03.title': 'NetworkPolicy nới rộng chính sách chặn mặc định của dự án',
  'check.GC-NET-03.remediation':
    'Mỗi quy tắc phải ghi rõ nguồn và đích là pod của chính dự án, ingress của nền tảng hoặc DNS (cổng 53); xoá quy tắc dùng ipBlock, namespace khác hoặc không ghi nguồn, đích.',
  'check.GC-RBAC-01.title': 'RoleBinding trao quyền cho người hoặc tài khoản ngoài đơn vị',
  'check.GC-RBAC-01.remediation':
    'Chỉ gán vai trò cho nhóm của chính đơn vị và cho service account trong namespace của dự án; cấp quyền cho người ngoài qua yêu cầu gửi trung tâm dữ liệu.',
  'check.GC-NS-01.title': 'Namespace chạy ở mức Pod Security baseline theo ngoại lệ',
  'check.GC-NS-01.remediation':
    'Rà soát lý do của ngoại lệ; sửa các workload để chạy được ở mức restricted rồi đề nghị trung tâm dữ liệu bỏ ngoại lệ.',
  'check.GC-S3-01.title': 'Bucket chưa bật phiên bản (versioning)',
  'check.GC-S3-01.remediation':
    'Bật versioning cho bucket để ghi đè hay xoá nhầm vẫn khôi phục được; đặt quy tắc vòng đời cho các phiên bản cũ.',
  'check.GC-S3-02.title': 'Bucket chưa mã hoá dữ liệu khi lưu trữ',
  'check.GC-S3-02.remediation':
    'Bật mã hoá mặc định phía máy chủ (SSE) cho bucket; các đối tượng đã có cần được ghi lại.',
  'check.GC-S3-03.title': 'Bucket chưa bật khoá đối tượng (object lock)',
  'check.GC-S3-03.remediation':
    'Tạo bucket có object lock và thời hạn lưu giữ phù hợp quy định lưu trữ, rồi chuyển dữ liệu cần lưu giữ sang đó.',
  'check.GC-S3-04.title': 'Chính sách bucket cho phép truy cập công khai',
  'check.GC-S3-04.remediation':
    'Xoá các câu lệnh có Principal "*" khỏi chính sách bucket; chia sẻ qua khoá truy cập riêng hoặc URL ký có thời hạn.',
  'check.GC-KEY-01.title': 'Khoá truy cập S3 quá tuổi cho phép của cấp độ',
  'check.GC-KEY-01.remediation':
    'Xoay vòng khoá trên trang dự án, cập nhật ứng dụng dùng khoá mới, rồi thu hồi khoá cũ.',
  'check.GC-KEY-02.title': 'Khoá truy cập S3 lâu không được dùng',
  'check.GC-KEY-02.remediation': 'Thu hồi khoá không còn dùng trên trang dự án; cấp lại khi cần.',
  'check.GC-BAK-01.title': 'Sao lưu không chạy đúng lịch',
  'check.GC-BAK-01.remediation':
    'Xem trang sao lưu của hệ thống: lần thất bại nói lý do; khi thiếu lần chạy, báo trung tâm dữ liệu. Phát hiện đóng lại khi có lần sao lưu thành công.',
  'check.GC-PLT-01.title': 'API server của Kubernetes cho truy cập ẩn danh vào tài nguyên',
  'check.GC-PLT-01.remediation':
    'Chạy kube-apiserver với --anonymous-auth=false (hoặc cấu hình xác thực chỉ cho ẩn danh vào /healthz, /livez, /readyz) và xoá các RoleBinding cho system:anonymous, system:unauthenticated.',
  'check.GC-PLT-02.title': 'API server của Kubernetes không ghi nhật ký kiểm toán',
  'check.GC-PLT-02.remediation':
    'Chạy kube-apiserver với --audit-policy-file và --audit-log-path (hoặc webhook), lưu giữ theo quy định và chuyển về hệ thống giám sát.',
  'check.GC-PLT-03.title':
    'API server của Kubernetes chấp nhận thông tin xác thực ngoài hệ thống đăng nhập của trung tâm',
  'check.GC-PLT-03.remediation':
    'Bỏ --token-auth-file; dùng nhà phát hành OIDC qua HTTPS (Keycloak của trung tâm); không gán vai trò cho người dùng ẩn danh.',
  'check.GC-PLT-04.title': 'Kho lưu trữ đối tượng trả lời yêu cầu ẩn danh',
  'check.GC-PLT-04.remediation':
    'Bắt buộc chữ ký cho mọi yêu cầu S3 và đóng API HTTP của filer với bên ngoài (chỉ nghe trên địa chỉ nội bộ, có JWT).',
  'check.GC-PLT-05.title': 'Điểm kiểm tra đã ký của nhật ký kiểm toán quá hạn',
  'check.GC-PLT-05.remediation':
    'Kiểm tra worker cấp phát (vòng ký nhật ký) và kho lưu trữ điểm kiểm tra; chạy npm run audit:verify để biết các điểm kiểm tra gần nhất có bị xoá không.',

  'check.severity.low': 'Thấp',
  'check.severity.medium': 'Trung bình',
  'check.severity.high': 'Cao',
  'check.severity.critical': 'Nghiêm trọng',
  'check.group.network': 'An toàn mạng',
  'check.group.host': 'An toàn máy chủ',
  'check.group.application': 'An toàn ứng dụng',
  'check.group.data': 'An toàn dữ liệu',
  'check.group.operations': 'Quản lý vận hành',
  'check.subject.workload': 'Workload',
  'check.subject.namespace': 'Namespace',
  'check.subject.service': 'Service',
  'check.subject.ingress': 'Ingress',
  'check.subject.networkPolicy': 'NetworkPolicy',
  'check.subject.roleBinding': 'RoleBinding',
  'check.subject.bucket': 'Bucket',
  'check.subject.accessKey': 'Khoá truy cập S3',
  'check.subject.backup': 'Sao lưu',
  'check.subject.platform': 'Nền tảng',
  'check.enforcement.deny': 'Từ chối khi tạo',
  'check.enforcement.warn': 'Cảnh báo khi tạo',
  'check.enforcement.detect': 'Chỉ phát hiện',
}

const en: Record<keyof typeof vi, string> = {
  'check.GC-WL-01.title': 'Workload without CPU and memory requests or limits',
  'check.GC-WL-01.remediation':
    'Set resources.requests and resources.limits for cpu and memory on every container (init containers too). The LimitRange’s defaults are a stopgap: size them from real use.',
  'check.GC-WL-02.title': 'Image from a registry the level does not allow',
  'check.GC-WL-02.remediation':
    'Push the image to the data centre’s registry (registry.langson.gov.vn) after a vulnerability scan and refer to it there. The data centre sets each level’s list of allowed registries.',
  'check.GC-WL-03.title': 'Image by a mutable tag (:latest, no tag, or no digest at level 5)',
  'check.GC-WL-03.remediation':
    'Refer to images by a fixed version tag (such as :1.4.2); for level 5 systems, by digest (image@sha256:…) so that what was reviewed cannot change.',
  'check.GC-WL-04.title': 'Privileged or host access beyond the namespace’s Pod Security level',
  'check.GC-WL-04.remediation':
    'Remove privileged, hostNetwork, hostPID, hostIPC, hostPath and hostPort; add no capabilities (NET_BIND_SERVICE only), and set allowPrivilegeEscalation: false, runAsNonRoot: true and the RuntimeDefault seccomp profile.',
  'check.GC-WL-05.title': 'Pod mounts its service account’s token automatically',
  'check.GC-WL-05.remediation':
    'Set automountServiceAccountToken: false on the pod (or its service account). Turn it on only for pods that must call the Kubernetes API, with the least permissions.',
  'check.GC-NET-01.title': 'Service exposed by NodePort or LoadBalancer',
  'check.GC-NET-01.remediation':
    'Use a ClusterIP Service and publish it through the platform’s Ingress (with TLS and the data centre’s firewall).',
  'check.GC-NET-02.title': 'Ingress without TLS',
  'check.GC-NET-02.remediation':
    'Declare spec.tls for every host of the Ingress, with a certificate from the data centre or the platform’s cert-manager.',
  'check.GC-NET-03.title': 'NetworkPolicy that widens the project’s default deny',
  'check.GC-NET-03.remediation':
    'Every rule must name its sources and destinations among the project’s own pods, the platform’s ingress and DNS (port 53); delete rules with ipBlocks, other namespaces, or no sources or destinations.',
  'check.GC-RBAC-01.title': 'RoleBinding to a person or account outside the agency',
  'check.GC-RBAC-01.remediation':
    'Bind roles only to the agency’s own groups and to service accounts in the project’s namespace; give outsiders access through a request to the data centre.',
  'check.GC-NS-01.title': 'Namespace runs at Pod Security baseline by an exception',
  'check.GC-NS-01.remediation':
    'Review the exception’s reason; fix the workloads to run at restricted, then ask the data centre to lift the exception.',
  'check.GC-S3-01.title': 'Bucket without versioning',
  'check.GC-S3-01.remediation':
    'Turn versioning on so that an overwrite or a mistaken delete can be undone; add a lifecycle rule for old versions.',
  'check.GC-S3-02.title': 'Bucket without encryption at rest',
  'check.GC-S3-02.remediation':
    'Turn on the bucket’s default server-side encryption (SSE); existing objects must be rewritten.',
  'check.GC-S3-03.title': 'Bucket without object lock',
  'check.GC-S3-03.remediation':
    'Create a bucket with object lock and a retention that meets the records rules, and move the data to be kept there.',
  'check.GC-S3-04.title': 'Bucket policy that allows public access',
  'check.GC-S3-04.remediation':
    'Remove the statements with Principal "*" from the bucket policy; share with a key of its own or a time-limited signed URL.',
  'check.GC-KEY-01.title': 'S3 access key older than the level allows',
  'check.GC-KEY-01.remediation':
    'Rotate the key on the project page, move the application to the new key, then revoke the old one.',
  'check.GC-KEY-02.title': 'S3 access key unused for a long time',
  'check.GC-KEY-02.remediation': 'Revoke keys no longer in use on the project page; issue a new one when needed.',
  'check.GC-BAK-01.title': 'Backups do not run on schedule',
  'check.GC-BAK-01.remediation':
    'See the system’s backups page: a failed run says why; when a run is missing, tell the data centre. The finding closes when a backup succeeds.',
  'check.GC-PLT-01.title': 'The Kubernetes API server lets anonymous requests reach resources',
  'check.GC-PLT-01.remediation':
    'Run kube-apiserver with --anonymous-auth=false (or an authentication configuration that admits anonymous requests to /healthz, /livez and /readyz only) and remove bindings to system:anonymous and system:unauthenticated.',
  'check.GC-PLT-02.title': 'The Kubernetes API server keeps no audit log',
  'check.GC-PLT-02.remediation':
    'Run kube-apiserver with --audit-policy-file and --audit-log-path (or a webhook), keep the log as the rules require and ship it to monitoring.',
  'check.GC-PLT-03.title': 'The Kubernetes API server accepts credentials other than the data centre’s sign-in',
  'check.GC-PLT-03.remediation':
    'Remove --token-auth-file; use an OIDC issuer over HTTPS (the data centre’s Keycloak); bind no roles to anonymous users.',
  'check.GC-PLT-04.title': 'The object storage answers anonymous requests',
  'check.GC-PLT-04.remediation':
    'Require a signature on every S3 request and close the filer’s HTTP API to the outside (listen on an internal address only, with JWT).',
  'check.GC-PLT-05.title': 'The audit trail’s last signed checkpoint is overdue',
  'check.GC-PLT-05.remediation':
    'Check the provisioning worker (its audit loop) and the checkpoints’ storage; run npm run audit:verify to see whether the newest checkpoints were removed.',

  'check.severity.low': 'Low',
  'check.severity.medium': 'Medium',
  'check.severity.high': 'High',
  'check.severity.critical': 'Critical',
  'check.group.network': 'Network security',
  'check.group.host': 'Server security',
  'check.group.application': 'Application security',
  'check.group.data': 'Data security',
  'check.group.operations': 'Operations management',
  'check.subject.workload': 'Workload',
  'check.subject.namespace': 'Namespace',
  'check.subject.service': 'Service',
  'check.subject.ingress': 'Ingress',
  'check.subject.networkPolicy': 'NetworkPolicy',
  'check.subject.roleBinding': 'RoleBinding',
  'check.subject.bucket': 'Bucket',
  'check.subject.accessKey': 'S3 access key',
  'check.subject.backup': 'Backup',
  'check.subject.platform': 'Platform',
  'check.enforcement.deny': 'Refused on creation',
  'check.enforcement.warn': 'Warned on creation',
  'check.enforcement.detect': 'Detected only',
}

export const securityCheckMessages = { vi, en } as const
export type SecurityCheckMessageKey = keyof typeof vi
