-- Dagster keeps its run and event storage apart from the warehouse: it creates its own
-- alembic_version table, which would collide with the warehouse's.
CREATE DATABASE dagster;
