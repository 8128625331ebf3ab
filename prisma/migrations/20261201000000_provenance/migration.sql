-- Where judgements come from (provenance on ratings, scenario qualities and constraints), a rationale
-- for constraints, and citations owned by a scenario's quality or constraint.
-- Generated with prisma migrate diff; the check and the view below are written by hand.
-- CreateEnum
CREATE TYPE "Provenance" AS ENUM ('LECTURE', 'LITERATURE', 'EDITORIAL');

-- AlterTable
ALTER TABLE "quality_rating" ADD COLUMN     "provenance" "Provenance";

-- AlterTable
ALTER TABLE "scenario_quality" ADD COLUMN     "provenance" "Provenance";

-- AlterTable
ALTER TABLE "scenario_constraint" ADD COLUMN     "provenance" "Provenance",
ADD COLUMN     "rationale" TEXT;

-- AlterTable
ALTER TABLE "citation" ADD COLUMN     "scenario_constraint_id" UUID,
ADD COLUMN     "scenario_quality_id" UUID;

-- CreateIndex
CREATE INDEX "citation_scenario_quality_id_idx" ON "citation"("scenario_quality_id");

-- CreateIndex
CREATE INDEX "citation_scenario_constraint_id_idx" ON "citation"("scenario_constraint_id");

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_scenario_quality_id_fkey" FOREIGN KEY ("scenario_quality_id") REFERENCES "scenario_quality"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_scenario_constraint_id_fkey" FOREIGN KEY ("scenario_constraint_id") REFERENCES "scenario_constraint"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A citation still has exactly one owner, now among seven.
ALTER TABLE "citation" DROP CONSTRAINT "citation_one_owner";
ALTER TABLE "citation" ADD CONSTRAINT "citation_one_owner" CHECK (num_nonnulls("entry_id", "rating_id",
  "effect_id", "decision_id", "fact_id", "scenario_quality_id", "scenario_constraint_id") = 1);

-- A scenario cites what its qualities and constraints cite.
CREATE OR REPLACE VIEW "entry_reference" AS
  SELECT c."entry_id", c."reference_id" FROM "citation" c WHERE c."entry_id" IS NOT NULL
  UNION
  SELECT r."algorithm_id", c."reference_id" FROM "citation" c JOIN "quality_rating" r ON r."id" = c."rating_id"
  UNION
  SELECT e."entry_id", c."reference_id" FROM "citation" c JOIN "quality_effect" e ON e."id" = c."effect_id" WHERE e."entry_id" IS NOT NULL
  UNION
  SELECT d."case_study_id", c."reference_id" FROM "citation" c JOIN "quality_effect" e ON e."id" = c."effect_id" JOIN "decision" d ON d."id" = e."decision_id"
  UNION
  SELECT d."case_study_id", c."reference_id" FROM "citation" c JOIN "decision" d ON d."id" = c."decision_id"
  UNION
  SELECT f."entry_id", c."reference_id" FROM "citation" c JOIN "fact" f ON f."id" = c."fact_id"
  UNION
  SELECT q."scenario_id", c."reference_id" FROM "citation" c JOIN "scenario_quality" q ON q."id" = c."scenario_quality_id"
  UNION
  SELECT s."scenario_id", c."reference_id" FROM "citation" c JOIN "scenario_constraint" s ON s."id" = c."scenario_constraint_id";
