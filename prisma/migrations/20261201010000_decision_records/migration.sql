-- Architectural decision records (MADR): a new kind of entry with its detail table and search trigger.
-- Generated with prisma migrate diff; the trigger below is written by hand.
-- CreateEnum
CREATE TYPE "DecisionStatus" AS ENUM ('PROPOSED', 'ACCEPTED', 'REJECTED', 'DEPRECATED', 'SUPERSEDED');

-- AlterEnum
ALTER TYPE "EntryKind" ADD VALUE 'DECISION_RECORD';

-- CreateTable
CREATE TABLE "decision_record" (
    "entry_id" UUID NOT NULL,
    "status" "DecisionStatus" NOT NULL,
    "context" TEXT NOT NULL,
    "drivers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "options" JSONB NOT NULL,
    "chosen_option" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "positive_consequences" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "negative_consequences" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "decision_record_pkey" PRIMARY KEY ("entry_id")
);

-- CreateIndex
CREATE INDEX "decision_record_status_idx" ON "decision_record"("status");

-- AddForeignKey
ALTER TABLE "decision_record" ADD CONSTRAINT "decision_record_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Its text is searchable like every other kind's (see 20261129000000_search).
CREATE TRIGGER decision_record_search_sync AFTER INSERT OR UPDATE OR DELETE ON "decision_record"
    FOR EACH ROW EXECUTE FUNCTION kb_detail_search_sync();
