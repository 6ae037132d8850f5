CREATE OR REPLACE VIEW public.cable_overview AS
SELECT c.cable_id,
       c.created_at,
       c.classification,
       c.origin,
       c.subject,
       coalesce(t.tags, '{}') AS tags,
       coalesce(r.to_recipients, '{}') AS to_recipients,
       coalesce(r.info_recipients, '{}') AS info_recipients,
       coalesce(r.recipient_count, 0) AS recipient_count,
       coalesce(f.reference_count, 0) AS reference_count,
       coalesce(f.cited_cable_count, 0) AS cited_cable_count,
       coalesce(cc.citing_cable_count, 0) AS cited_by_count,
       coalesce(e.mention_count, 0) AS mention_count,
       coalesce(e.entity_count, 0) AS entity_count,
       coalesce(e.person_count, 0) AS person_count,
       coalesce(e.organization_count, 0) AS organization_count,
       coalesce(e.location_count, 0) AS location_count,
       coalesce(pg.paragraph_count, 0) AS paragraph_count,
       c.caveats,
       c.is_partial_extract,
       c.is_metadata_only,
       release_url(c.cable_id, c.created_at) AS release_url
FROM cables c
LEFT JOIN LATERAL (
    SELECT array_agg(tag ORDER BY position) AS tags FROM tags WHERE tags.cable_id = c.cable_id
) t ON true
LEFT JOIN LATERAL (
    SELECT array_agg(name ORDER BY position) FILTER (WHERE kind = 'to') AS to_recipients,
           array_agg(name ORDER BY position) FILTER (WHERE kind = 'info') AS info_recipients,
           count(*)::integer AS recipient_count
    FROM recipients WHERE recipients.cable_id = c.cable_id
) r ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS reference_count,
           count(DISTINCT cited_id)::integer AS cited_cable_count
    FROM cable_references WHERE cable_references.cable_id = c.cable_id
) f ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS mention_count,
           count(DISTINCT (kind, name))::integer AS entity_count,
           count(DISTINCT name) FILTER (WHERE kind = 'PERSON')::integer AS person_count,
           count(DISTINCT name) FILTER (WHERE kind = 'ORGANIZATION')::integer
               AS organization_count,
           count(DISTINCT name) FILTER (WHERE kind = 'LOCATION')::integer AS location_count
    FROM entities WHERE entities.cable_id = c.cable_id
) e ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS paragraph_count
    FROM paragraphs WHERE paragraphs.cable_id = c.cable_id
) pg ON true
LEFT JOIN cable_citation_counts cc ON cc.cable_id = c.cable_id
