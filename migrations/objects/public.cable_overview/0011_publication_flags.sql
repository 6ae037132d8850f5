CREATE OR REPLACE VIEW public.cable_overview AS
SELECT b.*,
       coalesce(q.flag_count, 0) AS flag_count,
       coalesce(q.flags, '{}') AS flags
FROM etl.cable_overview_base b
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS flag_count,
           array_agg(DISTINCT f.message ORDER BY f.message) AS flags
    FROM public.cable_quality_flags f WHERE f.cable_id = b.cable_id
) q ON true
