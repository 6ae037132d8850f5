CREATE OR REPLACE FUNCTION public.release_url(cable_id text, created_at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 'https://wikileaks.org/cable/'
    || extract(year FROM created_at AT TIME ZONE 'UTC')::integer::text || '/'
    || lpad(extract(month FROM created_at AT TIME ZONE 'UTC')::integer::text, 2, '0') || '/'
    || cable_id || '.html'
