-- AlterTable
-- Keys made before this column existed were all made for the identity named after the project's
-- namespace (decision 0009), so that is what they are filled with.
ALTER TABLE "S3Credential" ADD COLUMN     "iamUser" TEXT;
UPDATE "S3Credential" c SET "iamUser" = p."namespace" FROM "Project" p WHERE p."id" = c."projectId";
UPDATE "S3Credential" SET "iamUser" = '' WHERE "iamUser" IS NULL;
ALTER TABLE "S3Credential" ALTER COLUMN "iamUser" SET NOT NULL;
