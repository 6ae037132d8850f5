CREATE OR REPLACE FUNCTION public.guess_tag_kind(tag text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN tag ~ '[ ,(]' THEN 'person'
    WHEN tag ~ '^[A-Z]{2}$' THEN 'country'
    WHEN tag ~ '^K[A-Z]{3}$' THEN 'program'
    WHEN tag ~ '^[ACEMOPST][A-Z]{3}$' THEN 'subject'
    ELSE 'organisation'
END
