-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "EntryKind" AS ENUM ('QUALITY', 'ALGORITHM', 'PATTERN', 'STYLE', 'SCENARIO', 'CASE_STUDY', 'TRADEOFF', 'COMPONENT', 'CONSTRAINT_TYPE', 'CONCEPT', 'CHALLENGE', 'MODEL', 'REFERENCE');

-- CreateEnum
CREATE TYPE "QualityCategory" AS ENUM ('SYSTEM', 'MODEL', 'ML_COMPONENT', 'RESPONSIBLE_AI', 'PROJECT');

-- CreateEnum
CREATE TYPE "Polarity" AS ENUM ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER');

-- CreateEnum
CREATE TYPE "PatternKind" AS ENUM ('DESIGN_PATTERN', 'ARCHITECTURAL_TACTIC', 'ML_DESIGN_PATTERN');

-- CreateEnum
CREATE TYPE "Effect" AS ENUM ('PROMOTES', 'INHIBITS');

-- CreateEnum
CREATE TYPE "Importance" AS ENUM ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW');

-- CreateEnum
CREATE TYPE "RelationKind" AS ENUM ('RELATED', 'ALTERNATIVE', 'USES', 'PART_OF', 'EXAMPLE_OF');

-- CreateEnum
CREATE TYPE "ReferenceType" AS ENUM ('BOOK', 'ARTICLE', 'CONFERENCE_PAPER', 'PREPRINT', 'BLOG_POST', 'TALK', 'LECTURE', 'WEB_PAGE', 'DATASET');

-- CreateEnum
CREATE TYPE "ReadingRole" AS ENUM ('REQUIRED', 'RECOMMENDED', 'FURTHER', 'SOURCE');

-- CreateTable
CREATE TABLE "entry" (
    "id" UUID NOT NULL,
    "kind" "EntryKind" NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "revision" INTEGER NOT NULL DEFAULT 1,
    "content_hash" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quality" (
    "entry_id" UUID NOT NULL,
    "category" "QualityCategory" NOT NULL,
    "polarity" "Polarity" NOT NULL,
    "measurement" TEXT NOT NULL,

    CONSTRAINT "quality_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "algorithm" (
    "entry_id" UUID NOT NULL,
    "family" TEXT NOT NULL,
    "tasks" TEXT[],
    "advantages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "drawbacks" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "algorithm_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "quality_rating" (
    "id" UUID NOT NULL,
    "algorithm_id" UUID NOT NULL,
    "quality_id" UUID NOT NULL,
    "level" SMALLINT NOT NULL,
    "rationale" TEXT NOT NULL,

    CONSTRAINT "quality_rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pattern" (
    "entry_id" UUID NOT NULL,
    "pattern_kind" "PatternKind" NOT NULL,
    "intent" TEXT NOT NULL,
    "motivation" TEXT NOT NULL DEFAULT '',
    "solution" TEXT NOT NULL DEFAULT '',
    "variants" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "benefits" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "costs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tradeoffs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "alternatives" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "pattern_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "style" (
    "entry_id" UUID NOT NULL,
    "structure" TEXT NOT NULL,
    "when_to_use" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "examples" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "style_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "quality_effect" (
    "id" UUID NOT NULL,
    "entry_id" UUID,
    "decision_id" UUID,
    "quality_id" UUID NOT NULL,
    "effect" "Effect" NOT NULL,
    "rationale" TEXT NOT NULL,

    CONSTRAINT "quality_effect_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenario" (
    "entry_id" UUID NOT NULL,
    "context" TEXT NOT NULL DEFAULT '',
    "task" TEXT,

    CONSTRAINT "scenario_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "scenario_quality" (
    "id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "quality_id" UUID NOT NULL,
    "importance" "Importance" NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "scenario_quality_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenario_constraint" (
    "id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "constraint_type_id" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "quality_id" UUID,
    "at_least" SMALLINT,
    "at_most" SMALLINT,

    CONSTRAINT "scenario_constraint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_study" (
    "entry_id" UUID NOT NULL,
    "context" TEXT NOT NULL DEFAULT '',
    "problems" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "insights" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "outcome" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "case_study_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "decision" (
    "id" UUID NOT NULL,
    "case_study_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "before" TEXT NOT NULL DEFAULT '',
    "after" TEXT NOT NULL DEFAULT '',
    "rationale" TEXT NOT NULL,

    CONSTRAINT "decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_study_goal" (
    "id" UUID NOT NULL,
    "case_study_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "quality_id" UUID,
    "description" TEXT NOT NULL,

    CONSTRAINT "case_study_goal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tradeoff" (
    "entry_id" UUID NOT NULL,
    "first_quality_id" UUID NOT NULL,
    "second_quality_id" UUID NOT NULL,
    "tension" TEXT NOT NULL,
    "examples" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "tradeoff_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "component" (
    "entry_id" UUID NOT NULL,
    "responsibility" TEXT NOT NULL,
    "examples" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "component_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "constraint_type" (
    "entry_id" UUID NOT NULL,
    "examples" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "constraint_type_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "concept" (
    "entry_id" UUID NOT NULL,
    "definition" TEXT NOT NULL,

    CONSTRAINT "concept_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "challenge" (
    "entry_id" UUID NOT NULL,
    "examples" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "challenge_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "reference" (
    "entry_id" UUID NOT NULL,
    "reference_type" "ReferenceType" NOT NULL,
    "authors" TEXT[],
    "year" INTEGER,
    "venue" TEXT,
    "url" TEXT,
    "doi" TEXT,
    "reading_role" "ReadingRole",

    CONSTRAINT "reference_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "citation" (
    "id" UUID NOT NULL,
    "reference_id" UUID NOT NULL,
    "locator" TEXT,
    "quote" TEXT,
    "entry_id" UUID,
    "rating_id" UUID,
    "effect_id" UUID,
    "decision_id" UUID,
    "fact_id" UUID,

    CONSTRAINT "citation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "relation" (
    "id" UUID NOT NULL,
    "from_id" UUID NOT NULL,
    "to_id" UUID NOT NULL,
    "kind" "RelationKind" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "relation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fact" (
    "id" UUID NOT NULL,
    "entry_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "quantity" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "upper_value" DOUBLE PRECISION,
    "unit" TEXT NOT NULL,
    "approximate" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "fact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "entry_slug_key" ON "entry"("slug");

-- CreateIndex
CREATE INDEX "entry_kind_title_idx" ON "entry"("kind", "title");

-- CreateIndex
CREATE INDEX "quality_category_idx" ON "quality"("category");

-- CreateIndex
CREATE INDEX "algorithm_family_idx" ON "algorithm"("family");

-- CreateIndex
CREATE INDEX "quality_rating_quality_id_level_idx" ON "quality_rating"("quality_id", "level");

-- CreateIndex
CREATE UNIQUE INDEX "quality_rating_algorithm_id_quality_id_key" ON "quality_rating"("algorithm_id", "quality_id");

-- CreateIndex
CREATE INDEX "pattern_pattern_kind_idx" ON "pattern"("pattern_kind");

-- CreateIndex
CREATE INDEX "quality_effect_quality_id_effect_idx" ON "quality_effect"("quality_id", "effect");

-- CreateIndex
CREATE UNIQUE INDEX "quality_effect_entry_id_quality_id_key" ON "quality_effect"("entry_id", "quality_id");

-- CreateIndex
CREATE UNIQUE INDEX "quality_effect_decision_id_quality_id_key" ON "quality_effect"("decision_id", "quality_id");

-- CreateIndex
CREATE UNIQUE INDEX "scenario_quality_scenario_id_quality_id_key" ON "scenario_quality"("scenario_id", "quality_id");

-- CreateIndex
CREATE UNIQUE INDEX "scenario_constraint_scenario_id_position_key" ON "scenario_constraint"("scenario_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "decision_case_study_id_position_key" ON "decision"("case_study_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "case_study_goal_case_study_id_position_key" ON "case_study_goal"("case_study_id", "position");

-- CreateIndex
CREATE INDEX "citation_entry_id_idx" ON "citation"("entry_id");

-- CreateIndex
CREATE INDEX "citation_rating_id_idx" ON "citation"("rating_id");

-- CreateIndex
CREATE INDEX "citation_effect_id_idx" ON "citation"("effect_id");

-- CreateIndex
CREATE INDEX "citation_decision_id_idx" ON "citation"("decision_id");

-- CreateIndex
CREATE INDEX "citation_fact_id_idx" ON "citation"("fact_id");

-- CreateIndex
CREATE INDEX "citation_reference_id_idx" ON "citation"("reference_id");

-- CreateIndex
CREATE INDEX "relation_to_id_idx" ON "relation"("to_id");

-- CreateIndex
CREATE UNIQUE INDEX "relation_from_id_to_id_kind_key" ON "relation"("from_id", "to_id", "kind");

-- CreateIndex
CREATE INDEX "fact_quantity_idx" ON "fact"("quantity");

-- CreateIndex
CREATE UNIQUE INDEX "fact_entry_id_position_key" ON "fact"("entry_id", "position");

-- AddForeignKey
ALTER TABLE "quality" ADD CONSTRAINT "quality_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "algorithm" ADD CONSTRAINT "algorithm_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_rating" ADD CONSTRAINT "quality_rating_algorithm_id_fkey" FOREIGN KEY ("algorithm_id") REFERENCES "algorithm"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_rating" ADD CONSTRAINT "quality_rating_quality_id_fkey" FOREIGN KEY ("quality_id") REFERENCES "quality"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pattern" ADD CONSTRAINT "pattern_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "style" ADD CONSTRAINT "style_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_effect" ADD CONSTRAINT "quality_effect_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_effect" ADD CONSTRAINT "quality_effect_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_effect" ADD CONSTRAINT "quality_effect_quality_id_fkey" FOREIGN KEY ("quality_id") REFERENCES "quality"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario" ADD CONSTRAINT "scenario_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_quality" ADD CONSTRAINT "scenario_quality_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenario"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_quality" ADD CONSTRAINT "scenario_quality_quality_id_fkey" FOREIGN KEY ("quality_id") REFERENCES "quality"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_constraint" ADD CONSTRAINT "scenario_constraint_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenario"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_constraint" ADD CONSTRAINT "scenario_constraint_constraint_type_id_fkey" FOREIGN KEY ("constraint_type_id") REFERENCES "constraint_type"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_constraint" ADD CONSTRAINT "scenario_constraint_quality_id_fkey" FOREIGN KEY ("quality_id") REFERENCES "quality"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_study" ADD CONSTRAINT "case_study_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decision" ADD CONSTRAINT "decision_case_study_id_fkey" FOREIGN KEY ("case_study_id") REFERENCES "case_study"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_study_goal" ADD CONSTRAINT "case_study_goal_case_study_id_fkey" FOREIGN KEY ("case_study_id") REFERENCES "case_study"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_study_goal" ADD CONSTRAINT "case_study_goal_quality_id_fkey" FOREIGN KEY ("quality_id") REFERENCES "quality"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tradeoff" ADD CONSTRAINT "tradeoff_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tradeoff" ADD CONSTRAINT "tradeoff_first_quality_id_fkey" FOREIGN KEY ("first_quality_id") REFERENCES "quality"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tradeoff" ADD CONSTRAINT "tradeoff_second_quality_id_fkey" FOREIGN KEY ("second_quality_id") REFERENCES "quality"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "component" ADD CONSTRAINT "component_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "constraint_type" ADD CONSTRAINT "constraint_type_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "concept" ADD CONSTRAINT "concept_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "challenge" ADD CONSTRAINT "challenge_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reference" ADD CONSTRAINT "reference_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_reference_id_fkey" FOREIGN KEY ("reference_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_rating_id_fkey" FOREIGN KEY ("rating_id") REFERENCES "quality_rating"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_effect_id_fkey" FOREIGN KEY ("effect_id") REFERENCES "quality_effect"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_fact_id_fkey" FOREIGN KEY ("fact_id") REFERENCES "fact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relation" ADD CONSTRAINT "relation_from_id_fkey" FOREIGN KEY ("from_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relation" ADD CONSTRAINT "relation_to_id_fkey" FOREIGN KEY ("to_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fact" ADD CONSTRAINT "fact_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Integrity rules Prisma's schema language cannot express.
ALTER TABLE "quality_rating" ADD CONSTRAINT "quality_rating_level_range" CHECK ("level" BETWEEN 1 AND 5);
ALTER TABLE "scenario_constraint" ADD CONSTRAINT "scenario_constraint_levels" CHECK (
  ("at_least" IS NULL OR "at_least" BETWEEN 1 AND 5) AND ("at_most" IS NULL OR "at_most" BETWEEN 1 AND 5)
  AND ("at_least" IS NULL OR "at_most" IS NULL OR "at_least" <= "at_most"));
ALTER TABLE "quality_effect" ADD CONSTRAINT "quality_effect_one_owner" CHECK (num_nonnulls("entry_id", "decision_id") = 1);
ALTER TABLE "citation" ADD CONSTRAINT "citation_one_owner" CHECK (num_nonnulls("entry_id", "rating_id", "effect_id", "decision_id", "fact_id") = 1);
ALTER TABLE "relation" ADD CONSTRAINT "relation_not_self" CHECK ("from_id" <> "to_id");

-- Every (entry, reference) pair where the entry cites the reference anywhere: in its own citations,
-- its ratings, its quality effects, its case-study decisions (and their effects) or its facts.
CREATE VIEW "entry_reference" AS
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
  SELECT f."entry_id", c."reference_id" FROM "citation" c JOIN "fact" f ON f."id" = c."fact_id";
