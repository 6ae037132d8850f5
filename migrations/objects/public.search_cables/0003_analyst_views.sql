CREATE OR REPLACE FUNCTION public.search_cables(query text, max_results integer DEFAULT 100)
RETURNS TABLE (
    cable_id text,
    created_at timestamptz,
    origin text,
    subject text,
    rank real,
    snippet text,
    paragraph_position integer
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH q AS (SELECT websearch_to_tsquery('english', query) AS tsq),
    hits AS (
        SELECT c.cable_id, c.created_at, c.origin, c.subject, c.body,
               ts_rank(c.search, q.tsq) AS rank
        FROM cables c CROSS JOIN q
        WHERE c.search @@ q.tsq
        ORDER BY rank DESC, c.created_at DESC NULLS LAST, c.cable_id
        LIMIT max_results
    )
    SELECT h.cable_id, h.created_at, h.origin, h.subject, h.rank,
           -- One line per snippet: hard-wrapped text would break psql's table layout.
           btrim(regexp_replace(CASE
               WHEN best.text IS NOT NULL
                   THEN ts_headline('english', best.text, q.tsq, 'StartSel=**, StopSel=**, MaxWords=35, MinWords=15, MaxFragments=2')
               WHEN to_tsvector('english', h.subject) @@ q.tsq
                   THEN ts_headline('english', h.subject, q.tsq, 'StartSel=**, StopSel=**, MaxWords=35, MinWords=15, MaxFragments=2')
               ELSE ts_headline('english', h.body, q.tsq, 'StartSel=**, StopSel=**, MaxWords=35, MinWords=15, MaxFragments=2')
           END, '\s+', ' ', 'g')),
           best.position
    FROM hits h
    CROSS JOIN q
    -- Snippets come from the best-matching paragraph; only the top hits pay for it.
    LEFT JOIN LATERAL (
        SELECT p.position, p.text
        FROM paragraphs p
        WHERE p.cable_id = h.cable_id AND to_tsvector('english', p.text) @@ q.tsq
        ORDER BY ts_rank(to_tsvector('english', p.text), q.tsq) DESC, p.position
        LIMIT 1
    ) best ON true
    ORDER BY h.rank DESC, h.created_at DESC NULLS LAST, h.cable_id
$$
