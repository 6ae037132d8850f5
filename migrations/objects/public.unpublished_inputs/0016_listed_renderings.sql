CREATE OR REPLACE VIEW public.unpublished_inputs AS
WITH latest AS (
    -- One row per input: a document (or, never landed, a path) rejected again by a later
    -- batch is listed once, with its latest reason.
    SELECT DISTINCT ON (coalesce(r.document_id::text, r.source_path))
           r.document_id, r.source_path, r.stage, r.reason, r.expectation, r.cable_id,
           r.batch_id, r.created_at
    FROM etl.rejects r
    ORDER BY coalesce(r.document_id::text, r.source_path), r.created_at DESC, r.reject_id DESC
)
SELECT l.source_path,
       coalesce(d.received_at, l.created_at) AS received_at,
       l.stage,
       l.reason,
       l.expectation,
       l.cable_id,
       l.batch_id,
       l.created_at AS rejected_at
FROM latest l
LEFT JOIN etl.raw_documents d ON d.document_id = l.document_id
WHERE l.document_id IS NULL
   OR NOT EXISTS (SELECT FROM public.cables c WHERE c.source_document_id = l.document_id)
UNION ALL
-- A rendering of a cable that is published from another input (an older or duplicate
-- rendering, or another input claiming the same id): listed with the published one named.
SELECT d.source_path,
       d.received_at,
       'superseded'::text AS stage,
       format('Another input of cable %s is the one published (%s); this one is kept '
              'verbatim in etl.raw_documents but not published.', c.cable_id, p.source_path)
           AS reason,
       NULL::text AS expectation,
       d.cable_id,
       d.batch_id,
       d.parsed_at AS rejected_at
FROM etl.raw_documents d
JOIN public.cables c ON c.cable_id = d.cable_id AND c.source_document_id <> d.document_id
JOIN etl.raw_documents p ON p.document_id = c.source_document_id
WHERE NOT EXISTS (SELECT FROM etl.rejects r WHERE r.document_id = d.document_id)
