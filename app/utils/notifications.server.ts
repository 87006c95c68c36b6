// The bridge from the app to a person's notifications (server/notifications/inbox.ts).
export {
  listInbox,
  markAllRead,
  markRead,
  rememberLocale,
  unreadCount,
  type InboxItem,
} from '#server/notifications/inbox'
