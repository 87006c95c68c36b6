// What pages say while `npm run dev` is still bringing the platform up on a fresh machine
// (decision 0069): the notice under the header, each component and its phase.
// Vietnamese first; English has exactly the same keys (the type of `en` checks it).

const vi = {
  'startup.title': 'Nền tảng đang khởi động',
  'startup.intro':
    'Cổng đã dùng được; phần nền tảng bên dưới vẫn đang được dựng và khởi động trên máy này (lần chạy đầu trên máy mới mất khoảng nửa giờ). Yêu cầu hạn mức vẫn gửi và phê duyệt như thường; namespace, bucket và bản sao lưu của hạn mức đã duyệt sẽ tự được cấp phát khi nền tảng sẵn sàng.',
  'startup.component.kubernetes': 'Kubernetes (cụm tính toán)',
  'startup.component.seaweedfs': 'SeaweedFS (kho lưu trữ đối tượng S3)',
  'startup.component.victoriametrics': 'VictoriaMetrics (số liệu sử dụng)',
  'startup.component.velero': 'Velero (sao lưu)',
  'startup.component.crds': 'Định nghĩa tài nguyên của CloudNativePG',
  'startup.phase.waiting': 'chờ đến lượt',
  'startup.phase.building': 'đang dựng từ mã nguồn ({minutes} phút)',
  'startup.phase.starting': 'đang khởi động ({minutes} phút)',
  'startup.phase.failed':
    'không khởi động được: xem nhật ký logs/platform-startup.log trong thư mục trạng thái, rồi chạy lại npm run dev',
} as const

const en: Record<keyof typeof vi, string> = {
  'startup.title': 'The platform is starting',
  'startup.intro':
    'The console can be used; the platform beneath it is still being built and started on this machine (the first run on a fresh machine takes about half an hour). Quota requests are submitted and approved as usual; the namespaces, buckets and backups of approved quotas are provisioned by themselves once the platform is ready.',
  'startup.component.kubernetes': 'Kubernetes (compute cluster)',
  'startup.component.seaweedfs': 'SeaweedFS (S3 object storage)',
  'startup.component.victoriametrics': 'VictoriaMetrics (usage figures)',
  'startup.component.velero': 'Velero (backups)',
  'startup.component.crds': "CloudNativePG's resource definitions",
  'startup.phase.waiting': 'waiting its turn',
  'startup.phase.building': 'building from source ({minutes} min)',
  'startup.phase.starting': 'starting ({minutes} min)',
  'startup.phase.failed':
    'did not start: see logs/platform-startup.log in the state folder, then run npm run dev again',
}

export const startupMessages = { vi, en }
