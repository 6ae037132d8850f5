CREATE OR REPLACE VIEW public.signers AS
SELECT DISTINCT ON (e.cable_id)
       e.cable_id,
       c.created_at,
       c.origin,
       e.surface AS signer,
       coalesce(e.canonical_name, e.name) AS name,
       e.name AS written_name
FROM entities e
JOIN cables c ON c.cable_id = e.cable_id
WHERE e.kind = 'PERSON' AND e.paragraph_position = -1
ORDER BY e.cable_id, e.position
