CREATE OR REPLACE VIEW public.tag_meanings AS
SELECT t.tag,
       coalesce(d.kind, guess_tag_kind(t.tag)) AS kind,
       d.meaning,
       d.code IS NOT NULL AS is_defined,
       count(DISTINCT t.cable_id)::integer AS cable_count,
       min(c.created_at) AS first_used_at,
       max(c.created_at) AS last_used_at
FROM tags t
JOIN cables c ON c.cable_id = t.cable_id
LEFT JOIN tag_definitions d ON d.code = t.tag
GROUP BY t.tag, d.kind, d.meaning, d.code
