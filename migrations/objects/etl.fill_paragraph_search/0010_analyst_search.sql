CREATE OR REPLACE FUNCTION etl.fill_paragraph_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.search IS NULL OR (
        TG_OP = 'UPDATE' AND NEW.search IS NOT DISTINCT FROM OLD.search
        AND NEW.text IS DISTINCT FROM OLD.text
    ) THEN
        NEW.search := to_tsvector('english'::regconfig, COALESCE(NEW.text, ''::text));
    END IF;
    RETURN NEW;
END $$
