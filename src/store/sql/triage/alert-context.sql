-- A new alert's context, everything the correlator and the noise filter read, in one statement (one round trip per
-- alert instead of nine): the active incidents (as incidents-active), the undecided alerts, the storm window's
-- counts, the recent changes (as changes-between), the active silences, the episodes of the alert's fingerprint and
-- of its rule on its service, how the rule's episodes ended (as rule-behaviour), the rule's verdicts (as
-- verdicts-for-rule) and overrides (as rule-overrides), each as a JSON array in its order, or as counts.
-- $1 alert id, $2 source, $3 fingerprint, $4 rule, $5 now, $6 incidents since, $7 undecided since, $8 burst since,
-- $9 changes from, $10 fingerprint (and service rule) episodes since, $11 rule behaviour since, $12 before (the
-- alert's first receipt), $13 at most this many of the storm window's latest alerts counted, $14 the longest
-- resolution, in seconds, that counts as by itself, $15 the alert's service.
-- Times inside the JSON come as PostgreSQL writes them in JSON; the adapter makes them ISO strings like every column.
SELECT
  (SELECT coalesce(json_agg(i ORDER BY i.created_at, i.id), '[]')
   FROM (SELECT id, title, service, status, severity, playbook_id, entities, created_at,
                last_alert_at, notified_at, drill
         FROM incidents WHERE status IN ('open', 'mitigated') AND last_alert_at >= $6) i) AS incidents,
  (SELECT coalesce(json_agg(u ORDER BY u.first_received_at, u.id), '[]')
   FROM (SELECT id, source, fingerprint, rule, status, title, message, service, environment, severity, labels,
                starts_at, first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until
         FROM alerts
         WHERE first_received_at >= $7 AND status = 'firing' AND incident_id IS NULL
           AND (suppressed IS NULL OR suppressed = 'known-noisy')) u) AS undecided,
  (SELECT coalesce(json_agg(b), '[]')
   FROM (SELECT service, incident_id, count(*)::int AS alerts
         FROM (SELECT service, incident_id FROM alerts
               WHERE first_received_at >= $8 AND suppressed IS NULL AND id <> $1
               ORDER BY first_received_at DESC, id DESC LIMIT $13) latest
         GROUP BY service, incident_id) b) AS burst,
  (SELECT coalesce(json_agg(c ORDER BY c.at, c.id), '[]')
   FROM (SELECT id, service, kind, version, environment, at, author, description, url
         FROM change_events WHERE at >= $9 AND at <= $5) c) AS changes,
  (SELECT coalesce(json_agg(s ORDER BY s.id), '[]')
   FROM (SELECT id, matchers, starts_at, ends_at, comment, created_by
         FROM silences WHERE starts_at <= $5 AND ends_at > $5) s) AS silences,
  (SELECT coalesce(json_agg(f ORDER BY f.first_received_at), '[]')
   FROM (SELECT id, fingerprint, service, first_received_at, resolved_at FROM alerts
         WHERE source = $2 AND fingerprint = $3 AND first_received_at >= $10 AND first_received_at < $12) f) AS fingerprint_episodes,
  (SELECT coalesce(json_agg(r ORDER BY r.first_received_at), '[]')
   FROM (SELECT id, fingerprint, service, first_received_at, resolved_at FROM alerts
         WHERE source = $2 AND rule = $4 AND service IS NOT DISTINCT FROM $15 AND first_received_at >= $10
           AND first_received_at < $12) r) AS service_rule_episodes,
  (SELECT row_to_json(b) FROM rule_behaviour($2, $4, $11, $12, $5, $14) b) AS rule_behaviour,
  (SELECT json_build_object(
            'false_positives', count(*) FILTER (WHERE v.verdict = 'false_positive'),
            'true_positives', count(*) FILTER (WHERE v.verdict = 'true_positive'))
   FROM verdicts v WHERE (v.source = $2 OR v.source IS NULL) AND v.rule = $4 AND v.at < $5) AS verdicts,
  (SELECT json_build_object(
            'false_positives', count(*) FILTER (WHERE i.status = 'false_positive'),
            'true_positives', count(*) FILTER (WHERE i.status = 'resolved'))
   FROM incidents i, phraseto_tsquery('english', $4) AS q
   WHERE numnode(q) > 0 AND i.origin = 'imported' AND i.search @@ q
     AND COALESCE(i.detected_at, i.impact_started_at, i.created_at) < $5) AS past_incidents,
  (SELECT coalesce(json_agg(o), '[]')
   FROM (SELECT DISTINCT ON (kind) kind, hold_s, reason, created_by, created_at
         FROM rule_overrides o
         WHERE source = $2 AND rule = $4 AND created_at <= $5
           AND NOT EXISTS (SELECT 1 FROM rule_override_revocations r WHERE r.override_id = o.id AND r.revoked_at <= $5)
         ORDER BY kind, created_at DESC, id DESC) o) AS overrides
