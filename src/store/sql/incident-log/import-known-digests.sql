-- The incidents of a history batch that already exist: their origin and the digest they were imported from.
-- $1 text[] ids
SELECT id, origin, import_digest FROM incidents WHERE id = ANY ($1::text[])
