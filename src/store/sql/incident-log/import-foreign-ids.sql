-- Ids of a history batch that belong to incidents Firebreak itself opened (an import never overwrites those).
-- $1 text[] ids
SELECT id FROM incidents WHERE id = ANY ($1::text[]) AND origin <> 'imported'
