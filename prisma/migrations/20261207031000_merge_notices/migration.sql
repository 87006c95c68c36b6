-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'agency_merged';
