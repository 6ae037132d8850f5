CREATE OR REPLACE FUNCTION etl.fill_cable_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.search IS NULL OR (
        TG_OP = 'UPDATE' AND NEW.search IS NOT DISTINCT FROM OLD.search
        AND (NEW.subject IS DISTINCT FROM OLD.subject OR NEW.body IS DISTINCT FROM OLD.body)
    ) THEN
        NEW.search := to_tsvector('english'::regconfig,
            COALESCE(NEW.subject, ''::text) || ' '::text || COALESCE(NEW.body, ''::text));
    END IF;
    RETURN NEW;
END $$
