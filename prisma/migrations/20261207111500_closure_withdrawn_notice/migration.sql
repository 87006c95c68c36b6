-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'closure_withdrawn';
