-- Indexes for two reads of every new alert's context (alert_context, migration 046), found in bench:triage with
-- EXPLAIN ANALYZE on the database a storm left:
-- - the episodes of the alert's rule on its service: alerts_rule_idx finds the rule's episodes on every service
--   (164 rows over 133 pages to keep 6, when one rule fires on 50 services); this one finds the 6. On
--   coalesce(service, '') because `IS NOT DISTINCT FROM` cannot use an index (the function keeps it as well, so an
--   empty service and none stay apart);
-- - the imported incidents that name the rule: the full-text index of all incidents keeps each update of an open
--   incident that could not stay on its page in its pending list, which every search reads through (37 pages for
--   no match after a storm); imported incidents are not updated by triage.
CREATE INDEX alerts_service_rule_idx ON alerts (source, rule, coalesce(service, ''), first_received_at);
CREATE INDEX incidents_imported_search_idx ON incidents USING gin (search) WHERE origin = 'imported';
