CREATE OR REPLACE FUNCTION public.search_cables(
    query text,
    max_results integer DEFAULT 100,
    sent_by text DEFAULT NULL,
    sent_from date DEFAULT NULL,
    sent_until date DEFAULT NULL,
    classified_as text DEFAULT NULL,
    tagged text DEFAULT NULL,
    result_offset integer DEFAULT 0
)
RETURNS TABLE (
    cable_id text,
    created_at timestamptz,
    origin text,
    subject text,
    rank real,
    snippet text,
    paragraph_position integer,
    total_matches bigint
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH q AS (SELECT websearch_to_tsquery('english', search_cables.query) AS tsq),
    hits AS (
        SELECT c.cable_id, c.created_at, c.origin, c.subject, c.body,
               ts_rank(c.search, q.tsq) AS rank,
               -- Counted before LIMIT: the filtered total, however many rows are returned.
               count(*) OVER () AS total_matches
        FROM cables c CROSS JOIN q
        WHERE c.search @@ q.tsq
          AND (search_cables.sent_by IS NULL OR c.origin = search_cables.sent_by)
          AND (search_cables.classified_as IS NULL
               OR c.classification = upper(search_cables.classified_as))
          -- Days are UTC days, whatever the session's time zone.
          AND (search_cables.sent_from IS NULL
               OR c.created_at >= search_cables.sent_from::timestamp AT TIME ZONE 'UTC')
          AND (search_cables.sent_until IS NULL
               OR c.created_at < (search_cables.sent_until + 1)::timestamp AT TIME ZONE 'UTC')
          AND (search_cables.tagged IS NULL OR EXISTS (
               SELECT FROM tags t
               WHERE t.cable_id = c.cable_id AND t.tag = upper(search_cables.tagged)))
        ORDER BY rank DESC, c.created_at DESC NULLS LAST, c.cable_id
        LIMIT search_cables.max_results OFFSET search_cables.result_offset
    )
    SELECT h.cable_id, h.created_at, h.origin, h.subject, h.rank,
           btrim(regexp_replace(CASE
               WHEN best.text IS NOT NULL
                   THEN ts_headline('english', best.text, q.tsq, 'StartSel=**, StopSel=**, MaxWords=35, MinWords=15, MaxFragments=2')
               WHEN to_tsvector('english', h.subject) @@ q.tsq
                   THEN ts_headline('english', h.subject, q.tsq, 'StartSel=**, StopSel=**, MaxWords=35, MinWords=15, MaxFragments=2')
               ELSE ts_headline('english', h.body, q.tsq, 'StartSel=**, StopSel=**, MaxWords=35, MinWords=15, MaxFragments=2')
           END, '\s+', ' ', 'g')),
           best.position,
           h.total_matches
    FROM hits h
    CROSS JOIN q
    -- Snippets come from the best-matching paragraph; only the returned hits pay for it.
    LEFT JOIN LATERAL (
        SELECT p.position, p.text
        FROM paragraphs p
        WHERE p.cable_id = h.cable_id AND p.search @@ q.tsq
        ORDER BY ts_rank(p.search, q.tsq) DESC, p.position
        LIMIT 1
    ) best ON true
    ORDER BY h.rank DESC, h.created_at DESC NULLS LAST, h.cable_id
$$
