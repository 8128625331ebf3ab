-- Full-text and typo-tolerant search over every entry, maintained by the database on every write.
--
-- entry.search_vector  weighted tsvector: title (A), aliases (B), summary (C), body and the kind's
--                      own text fields (D); GIN-indexed for full-text search.
-- entry.name_vector    the same for title and aliases only, and
-- entry.head_vector    for title, aliases and summary: smaller vectors searched first, so a common
--                      word does not make every search rank every long vector.
-- entry.search_terms   title and aliases, lower-cased; trigram-indexed for typo tolerance.
-- entry.detail_text    the text of the entry's detail row (pattern intent, algorithm drawbacks, ...),
--                      copied by a trigger on each detail table so the vector covers it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "entry"
    ADD COLUMN "detail_text" TEXT NOT NULL DEFAULT '',
    ADD COLUMN "search_terms" TEXT NOT NULL DEFAULT '',
    ADD COLUMN "search_vector" TSVECTOR,
    ADD COLUMN "name_vector" TSVECTOR,
    ADD COLUMN "head_vector" TSVECTOR;

-- Every string in a row, except enum-like values (e.g. HIGHER_IS_BETTER), joined by spaces.
CREATE FUNCTION kb_row_text(doc JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(value #>> '{}', ' '), '')
    FROM jsonb_path_query(doc, 'strict $.**') AS value
    WHERE jsonb_typeof(value) = 'string' AND (value #>> '{}') !~ '^[A-Z][A-Z0-9_]*$'
$$;

CREATE FUNCTION kb_entry_search_refresh() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_terms := lower(concat_ws(' | ', NEW.title, array_to_string(NEW.aliases, ' | ')));
    NEW.name_vector :=
        setweight(to_tsvector('english', NEW.title), 'A') ||
        setweight(to_tsvector('english', coalesce(array_to_string(NEW.aliases, ' | '), '')), 'B');
    NEW.head_vector := NEW.name_vector || setweight(to_tsvector('english', NEW.summary), 'C');
    NEW.search_vector :=
        NEW.head_vector || setweight(to_tsvector('english', NEW.body || ' ' || NEW.detail_text), 'D');
    RETURN NEW;
END
$$;

CREATE TRIGGER entry_search_refresh
    BEFORE INSERT OR UPDATE ON "entry"
    FOR EACH ROW EXECUTE FUNCTION kb_entry_search_refresh();

CREATE FUNCTION kb_detail_search_sync() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE "entry" SET detail_text = '' WHERE id = OLD.entry_id AND detail_text <> '';
        RETURN OLD;
    END IF;
    UPDATE "entry" SET detail_text = kb_row_text(to_jsonb(NEW) - 'entry_id')
    WHERE id = NEW.entry_id AND detail_text IS DISTINCT FROM kb_row_text(to_jsonb(NEW) - 'entry_id');
    RETURN NEW;
END
$$;

DO $$
DECLARE
    detail TEXT;
BEGIN
    FOREACH detail IN ARRAY ARRAY['quality', 'algorithm', 'pattern', 'style', 'scenario', 'case_study',
        'tradeoff', 'component', 'constraint_type', 'concept', 'challenge', 'reference'] LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION kb_detail_search_sync()',
            detail || '_search_sync', detail);
        EXECUTE format(
            'UPDATE "entry" e SET detail_text = kb_row_text(to_jsonb(d) - ''entry_id'') FROM %I d WHERE d.entry_id = e.id',
            detail);
    END LOOP;
END
$$;

-- Entries without a detail row (models) get their vector too: any update fires the trigger.
UPDATE "entry" SET detail_text = detail_text WHERE search_vector IS NULL;

-- fastupdate off: new rows go straight into the index instead of a pending list that every
-- search must scan until a vacuum merges it (the embedded database has no autovacuum). Writes are
-- rare and batched; reads are what must be fast.
CREATE INDEX "entry_search_vector_idx" ON "entry" USING GIN ("search_vector") WITH (fastupdate = off);
CREATE INDEX "entry_head_vector_idx" ON "entry" USING GIN ("head_vector") WITH (fastupdate = off);
CREATE INDEX "entry_name_vector_idx" ON "entry" USING GIN ("name_vector") WITH (fastupdate = off);
CREATE INDEX "entry_search_terms_trgm_idx" ON "entry" USING GIN ("search_terms" gin_trgm_ops)
    WITH (fastupdate = off);

-- Typo tolerance: entries whose title or an alias contains a close match of the query. A lower
-- threshold than pg_trgm's default (0.6) accepts one or two wrong letters in a short word
-- ("obsever"); the setting is scoped to this function, so the index answers `<%`.
CREATE FUNCTION kb_fuzzy_entries(query TEXT) RETURNS TABLE (entry_id UUID, similarity REAL)
    LANGUAGE sql STABLE
    SET pg_trgm.word_similarity_threshold = 0.45 AS $$
    SELECT id, word_similarity(query, search_terms) FROM "entry" WHERE query <% search_terms
$$;

-- Whether any entry matches a query. The planner cannot estimate full-text selectivity and, for
-- EXISTS, would rather scan the table hoping for an early match; when nothing matches that reads
-- every vector. Scoped to this function, the index is always used.
CREATE FUNCTION kb_any_match(query TSQUERY) RETURNS BOOLEAN
    LANGUAGE sql STABLE
    SET enable_seqscan = off AS $$
    SELECT EXISTS (SELECT 1 FROM "entry" WHERE search_vector @@ query)
$$;
