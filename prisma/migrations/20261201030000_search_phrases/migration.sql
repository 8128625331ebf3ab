-- Search phrases: how a practitioner asks for an entry ("notice a server went down") rather than
-- what it is called. They are searched like aliases (weight B in every vector, and in the
-- lower-cased, trigram-indexed search_terms) but kept apart from them, because aliases are shown
-- to readers as the entry's other names and a question is not a name.

ALTER TABLE "entry" ADD COLUMN "search_phrases" TEXT[] NOT NULL DEFAULT '{}';

CREATE OR REPLACE FUNCTION kb_entry_search_refresh() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_terms := lower(concat_ws(' | ', NEW.title, nullif(array_to_string(NEW.aliases, ' | '), ''),
        nullif(array_to_string(NEW.search_phrases, ' | '), '')));
    NEW.name_vector :=
        setweight(to_tsvector('english', NEW.title), 'A') ||
        setweight(to_tsvector('english', coalesce(array_to_string(NEW.aliases, ' | '), '')), 'B') ||
        setweight(to_tsvector('english', array_to_string(NEW.search_phrases, ' | ')), 'B');
    NEW.head_vector := NEW.name_vector || setweight(to_tsvector('english', NEW.summary), 'C');
    NEW.search_vector :=
        NEW.head_vector || setweight(to_tsvector('english', NEW.body || ' ' || NEW.detail_text), 'D');
    RETURN NEW;
END
$$;

-- Every stored row gets its vectors again: any update fires the trigger.
UPDATE "entry" SET search_phrases = search_phrases;
