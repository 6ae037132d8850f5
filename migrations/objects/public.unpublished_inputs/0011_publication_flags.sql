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
