-- The knowledge base's content revision: one row, bumped by every content write.
CREATE TABLE "kb_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "revision" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kb_state_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "kb_state_single_row" CHECK ("id" = 1)
);

INSERT INTO "kb_state" ("id", "revision") VALUES (1, 0);
