CREATE OR REPLACE VIEW public.citations AS
SELECT r.cable_id AS citing_cable_id,
       citing.created_at AS citing_created_at,
       citing.origin AS citing_origin,
       r.position,
       r.label,
       r.raw,
       r.cited_id,
       cited.cable_id IS NOT NULL AS cited_in_warehouse,
       cited.subject AS cited_subject,
       cited.created_at AS cited_created_at,
       cited.origin AS cited_origin
FROM cable_references r
JOIN cables citing ON citing.cable_id = r.cable_id
LEFT JOIN cables cited ON cited.cable_id = r.cited_id
WHERE r.cited_id IS NOT NULL
