-- Which authors of a reference are organisations, so that citations name them whole.
-- AlterTable
ALTER TABLE "reference" ADD COLUMN     "organisation_authors" TEXT[] DEFAULT ARRAY[]::TEXT[];
