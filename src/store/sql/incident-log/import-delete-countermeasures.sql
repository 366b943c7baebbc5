-- Removes the imported countermeasures of re-imported incidents (those added by people stay). $1 text[] incident ids
DELETE FROM countermeasures WHERE incident_id = ANY ($1::text[]) AND imported
