-- Search as one function, so that its statement is planned once per connection and not for every
-- search: the statement is large (a tier per common table expression) and planning it took about
-- as long as running it on the embedded database. Its plan is generic: none of its estimates
-- depend on the words searched for, which reach the tiers through a materialised CTE anyway.
--
-- The statement, the tiers and every parameter are described in src/services/search.ts, which
-- passes the tunables (thresholds, caps, bonuses, excerpt options) so they are set in one place.
CREATE FUNCTION kb_search(
    p_text TEXT,
    p_lowered TEXT,
    p_head TEXT,
    p_prefix TEXT,
    p_operators BOOLEAN,
    p_kinds TEXT[],
    p_narrow BOOLEAN,
    p_prefer TEXT[],
    p_limit INTEGER,
    p_offset INTEGER,
    p_too_few INTEGER,
    p_body_below INTEGER,
    p_body_ranked INTEGER,
    p_some_cap INTEGER,
    p_kind_bonus FLOAT8,
    p_source_penalty FLOAT8,
    p_fuzzy_threshold FLOAT8,
    p_headline_options TEXT
) RETURNS TABLE (
    facets JSON,
    id UUID,
    kind TEXT,
    slug TEXT,
    title TEXT,
    summary TEXT,
    body TEXT,
    aliases TEXT[],
    search_phrases TEXT[],
    revision INTEGER,
    content_hash TEXT,
    created_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ,
    match TEXT,
    rank FLOAT8,
    field TEXT,
    snippet TEXT
)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH typed AS MATERIALIZED (SELECT plainto_tsquery('english', p_text) AS exact_q),
    strict AS MATERIALIZED (
        SELECT CASE
            WHEN p_operators THEN websearch_to_tsquery('english', p_text)
            WHEN p_prefix = '' OR kb_any_match(typed.exact_q) THEN typed.exact_q
            ELSE plainto_tsquery('english', p_head) && to_tsquery('english', p_prefix)
        END AS strict_q
        FROM typed
    ),
    q AS MATERIALIZED (
        SELECT strict_q,
            CASE WHEN p_operators THEN strict_q ELSE replace(strict_q::text, ' & ', ' | ')::tsquery END AS loose_q,
            ' | ' || p_lowered || ' | ' AS term
        FROM strict
    ),
    scope AS MATERIALIZED (
        SELECT CASE WHEN p_narrow THEN p_kinds END AS early_kinds,
            NOT p_operators AND NOT p_narrow AS fallbacks
    ),
    candidates AS NOT MATERIALIZED (
        SELECT e.*, q.strict_q, q.loose_q, q.term,
            CASE WHEN lower(e.title) = p_lowered THEN 0.5
                WHEN strpos(' | ' || e.search_terms || ' | ', q.term) > 0 THEN 0.4
                WHEN starts_with(lower(e.title), p_lowered) THEN 0.25 ELSE 0 END
            + CASE WHEN e.kind::text = ANY(p_prefer) THEN p_kind_bonus
                WHEN e.kind = 'REFERENCE' THEN -p_source_penalty ELSE 0 END AS bonus
        FROM entry e, q, scope
        WHERE scope.early_kinds IS NULL OR e.kind::text = ANY(scope.early_kinds)
    ),
    name_all AS (
        SELECT c.id, c.kind, c.slug, 'ALL_TERMS' AS match,
            8 + least(ts_rank('{0.1, 0.2, 0.4, 1.0}', c.name_vector, c.loose_q, 1), 1) + c.bonus AS rank
        FROM candidates c
        WHERE c.name_vector @@ c.strict_q AND (NOT p_operators OR c.search_vector @@ c.strict_q)
    ),
    head_all AS (
        SELECT c.id, c.kind, c.slug, 'ALL_TERMS' AS match,
            6 + least(ts_rank('{0.1, 0.2, 0.4, 1.0}', c.head_vector, c.loose_q, 1), 1) + c.bonus AS rank
        FROM candidates c
        WHERE (SELECT count(*) FROM name_all) < p_body_below
            AND c.head_vector @@ c.strict_q AND NOT c.name_vector @@ c.strict_q
            AND (NOT p_operators OR c.search_vector @@ c.strict_q)
    ),
    body_matches AS MATERIALIZED (
        SELECT c.id, c.kind, c.slug,
            row_number() OVER (ORDER BY ts_rank(c.head_vector, c.loose_q) DESC, c.slug) AS position
        FROM candidates c
        WHERE (SELECT count(*) FROM name_all) + (SELECT count(*) FROM head_all) < p_body_below
            AND c.search_vector @@ c.strict_q AND NOT c.head_vector @@ c.strict_q
    ),
    body_all AS (
        SELECT c.id, c.kind, c.slug, 'ALL_TERMS' AS match,
            4 + least(ts_rank('{0.1, 0.2, 0.4, 1.0}', c.search_vector, c.loose_q, 1), 1) + c.bonus AS rank
        FROM body_matches b JOIN candidates c ON c.id = b.id
        WHERE b.position <= p_body_ranked
        UNION ALL
        SELECT b.id, b.kind, b.slug, 'ALL_TERMS' AS match, 4 AS rank
        FROM body_matches b WHERE b.position > p_body_ranked
    ),
    all_terms AS (SELECT * FROM name_all UNION ALL SELECT * FROM head_all UNION ALL SELECT * FROM body_all),
    head_some AS (
        SELECT c.id, c.kind, c.slug, 'SOME_TERMS' AS match,
            2 + least(ts_rank('{0.1, 0.2, 0.4, 1.0}', c.head_vector, c.loose_q, 1), 1) + c.bonus AS rank
        FROM (
            SELECT c.id FROM candidates c, scope
            WHERE scope.fallbacks AND (SELECT count(*) FROM all_terms) < p_too_few
                AND c.head_vector @@ c.loose_q
            LIMIT p_some_cap
        ) candidate
        JOIN candidates c ON c.id = candidate.id
        WHERE NOT c.search_vector @@ c.strict_q
    ),
    body_some AS (
        SELECT c.id, c.kind, c.slug, 'SOME_TERMS' AS match,
            least(ts_rank('{0.1, 0.2, 0.4, 1.0}', c.search_vector, c.loose_q, 1), 1) + c.bonus AS rank
        FROM (
            SELECT c.id FROM candidates c, scope
            WHERE scope.fallbacks
                AND (SELECT count(*) FROM all_terms) + (SELECT count(*) FROM head_some) < p_too_few
                AND c.search_vector @@ c.loose_q AND NOT c.head_vector @@ c.loose_q
            LIMIT p_some_cap
        ) candidate
        JOIN candidates c ON c.id = candidate.id
        WHERE NOT c.search_vector @@ c.strict_q
    ),
    some_terms AS (SELECT * FROM head_some UNION ALL SELECT * FROM body_some),
    text_hits AS (SELECT * FROM all_terms UNION ALL SELECT * FROM some_terms),
    fuzzy_hits AS (
        SELECT f.entry_id AS id, e.kind, e.slug, 'FUZZY' AS match, f.similarity - 1 AS rank
        FROM kb_fuzzy_entries(p_lowered) f JOIN entry e ON e.id = f.entry_id, scope
        WHERE scope.fallbacks AND (SELECT count(*) FROM text_hits) < p_too_few
            AND f.entry_id NOT IN (SELECT t.id FROM text_hits t)
            AND (scope.early_kinds IS NULL OR e.kind::text = ANY(scope.early_kinds))
    ),
    hits AS (SELECT * FROM text_hits UNION ALL SELECT * FROM fuzzy_hits),
    facets AS (
        SELECT json_agg(json_build_object('kind', per_kind.kind, 'count', per_kind.n)
            ORDER BY per_kind.n DESC, per_kind.kind) AS facets
        FROM (SELECT h.kind::text AS kind, count(*)::int AS n FROM hits h GROUP BY h.kind) per_kind
    ),
    page AS (
        SELECT * FROM hits h
        WHERE p_kinds IS NULL OR h.kind::text = ANY(p_kinds)
        ORDER BY h.rank DESC, h.slug LIMIT p_limit OFFSET p_offset
    ),
    described AS (
        SELECT page.id, page.kind, page.slug, page.match, page.rank, e.title, e.summary, e.body,
            e.aliases, e.search_phrases, e.revision, e.detail_text, e.content_hash, e.created_at,
            e.updated_at,
            CASE WHEN page.match = 'FUZZY' THEN
                CASE WHEN word_similarity(p_lowered, lower(e.title)) >= p_fuzzy_threshold THEN 'TITLE'
                    WHEN word_similarity(p_lowered, lower(array_to_string(e.aliases, ' | '))) >= p_fuzzy_threshold
                    THEN 'ALIASES' ELSE 'SEARCH_TERMS' END
            ELSE CASE
                WHEN ts_filter(e.search_vector, '{a}') @@ q.strict_q THEN 'TITLE'
                WHEN ts_filter(e.search_vector, '{b}') @@ q.strict_q
                    THEN CASE WHEN to_tsvector('english', array_to_string(e.aliases, ' | ')) @@ q.strict_q
                        THEN 'ALIASES' ELSE 'SEARCH_TERMS' END
                WHEN ts_filter(e.search_vector, '{c}') @@ q.strict_q THEN 'SUMMARY'
                WHEN ts_filter(e.search_vector, '{d}') @@ q.strict_q
                    THEN CASE WHEN to_tsvector('english', e.body) @@ q.strict_q THEN 'BODY' ELSE 'DETAILS' END
                WHEN ts_filter(e.search_vector, '{a}') @@ q.loose_q THEN 'TITLE'
                WHEN ts_filter(e.search_vector, '{b}') @@ q.loose_q
                    THEN CASE WHEN to_tsvector('english', array_to_string(e.aliases, ' | ')) @@ q.loose_q
                        THEN 'ALIASES' ELSE 'SEARCH_TERMS' END
                WHEN ts_filter(e.search_vector, '{c}') @@ q.loose_q THEN 'SUMMARY'
                WHEN ts_filter(e.search_vector, '{d}') @@ q.loose_q
                    THEN CASE WHEN to_tsvector('english', e.body) @@ q.loose_q THEN 'BODY' ELSE 'DETAILS' END
                ELSE 'TITLE' END
            END AS field
        FROM page JOIN entry e ON e.id = page.id, q
    )
    SELECT facets.facets, d.id, d.kind::text, d.slug, d.title, d.summary, d.body, d.aliases,
        d.search_phrases, d.revision, d.content_hash, d.created_at, d.updated_at,
        d.match, d.rank::float8, d.field,
        CASE WHEN d.match = 'FUZZY' THEN x.plain
            ELSE ts_headline('english', x.plain, (SELECT q.loose_q FROM q), p_headline_options)
        END
    FROM facets
    LEFT JOIN described d ON TRUE
    LEFT JOIN LATERAL (
        SELECT CASE d.field
            WHEN 'TITLE' THEN d.title
            WHEN 'ALIASES' THEN array_to_string(d.aliases, ', ')
            WHEN 'SEARCH_TERMS' THEN array_to_string(d.search_phrases, ', ')
            WHEN 'SUMMARY' THEN d.summary
            WHEN 'BODY' THEN d.body
            ELSE d.detail_text
        END AS plain
    ) x ON TRUE
    ORDER BY d.rank DESC, d.slug;
END
$$;
