-- Closing requests tell the operators when asked and the agency when decided (decision 0058).
ALTER TYPE "NotificationKind" ADD VALUE 'closure_requested';
ALTER TYPE "NotificationKind" ADD VALUE 'closure_approved';
ALTER TYPE "NotificationKind" ADD VALUE 'closure_rejected';
