CREATE OR REPLACE VIEW public.people AS
SELECT name, cable_count, mention_count, first_seen_at, last_seen_at, first_cable_id,
       last_cable_id
FROM entity_summary
WHERE kind = 'PERSON'
