CREATE OR REPLACE FUNCTION public.search_paragraphs(
    query text,
    max_results integer DEFAULT 100,
    result_offset integer DEFAULT 0
)
RETURNS TABLE (
    cable_id text,
    "position" integer,
    heading text,
    is_summary boolean,
    is_comment boolean,
    snippet text,
    rank real,
    total_matches bigint
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    -- Matches come from ix_paragraphs_search; rank reads the stored document.
    WITH hits AS (
        SELECT p.cable_id, p.position, p.heading, p.is_summary, p.is_comment, p.text,
               ts_rank(p.search,
                       websearch_to_tsquery('english'::regconfig, search_paragraphs.query))
                   AS rank,
               count(*) OVER () AS total_matches
        FROM paragraphs p
        WHERE p.search @@ websearch_to_tsquery('english'::regconfig, search_paragraphs.query)
        ORDER BY rank DESC, p.cable_id, p.position
        LIMIT search_paragraphs.max_results OFFSET search_paragraphs.result_offset
    )
    SELECT h.cable_id, h.position, h.heading, h.is_summary, h.is_comment,
           -- One line per snippet: hard-wrapped text would break psql's table layout.
           btrim(regexp_replace(ts_headline('english'::regconfig, h.text,
                   websearch_to_tsquery('english'::regconfig, search_paragraphs.query),
                   'StartSel=**, StopSel=**, MaxWords=35, MinWords=15, MaxFragments=2'), '\s+', ' ', 'g')),
           h.rank, h.total_matches
    FROM hits h
    ORDER BY h.rank DESC, h.cable_id, h.position
$$
