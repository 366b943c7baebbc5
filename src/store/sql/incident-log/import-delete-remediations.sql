-- Removes the imported remediations of re-imported incidents (those added by people stay). $1 text[] incident ids
DELETE FROM remediations WHERE incident_id = ANY ($1::text[]) AND imported
