-- A rule's behaviour is learned from its latest episodes, at most p_latest of them: rule_behaviour counted every
-- episode of its window for every new alert of the rule, so a rule firing every few minutes (thousands of episodes a
-- month) cost milliseconds a decision, and more the noisier it got. The latest few hundred say as much of how it ends.
-- Alerts received together (one webhook body) share their time: the later recorded is the later episode, so the
-- same episodes are counted on every replay. The seconds to a resolution are taken with date_part, which gives the
-- same value as extract(...)::double precision for any resolution shorter than a day (microseconds over a million,
-- rounded once) without going through numeric: a third of the count's time.
-- alert_context (migration 046) is made again to pass the bound on: p_rule_latest, its one new parameter. Both new
-- functions take one parameter more than the old ones, which stay: a worker of the previous release, still running
-- during a rolling update, calls those and goes on working.
-- How a rule's past episodes ended, as in migration 045, over the latest p_latest episodes of (source, rule) first
-- received in [since, before).
CREATE FUNCTION rule_behaviour(p_source text, p_rule text, p_since timestamptz, p_before timestamptz, p_now timestamptz,
  p_transient_max_s double precision, p_latest integer)
RETURNS TABLE (decided integer, resolved_quickly integer, slowest_quick_s double precision)
LANGUAGE sql STABLE
AS $$
  SELECT count(*) FILTER (WHERE e.resolved_at IS NOT NULL OR e.first_received_at < p_now - make_interval(secs => p_transient_max_s))::int,
         count(*) FILTER (WHERE e.quick_s <= p_transient_max_s)::int,
         max(e.quick_s) FILTER (WHERE e.quick_s <= p_transient_max_s)
  FROM (SELECT a.resolved_at, date_trunc('milliseconds', a.first_received_at) AS first_received_at,
               date_part('epoch', date_trunc('milliseconds', a.resolved_at) - date_trunc('milliseconds', a.first_received_at)) AS quick_s
        FROM alerts a
        WHERE a.source = p_source AND a.rule = p_rule AND a.first_received_at >= p_since AND a.first_received_at < p_before
        ORDER BY a.first_received_at DESC, a.id DESC
        LIMIT p_latest) e
$$;
-- A new alert's context, as in migration 046, with p_rule_latest passed to rule_behaviour.
CREATE FUNCTION alert_context(p_exclude_id bigint, p_source text, p_fingerprint text, p_rule text, p_now timestamptz,
  p_incidents_since timestamptz, p_undecided_since timestamptz, p_burst_since timestamptz, p_changes_from timestamptz,
  p_fingerprint_since timestamptz, p_rule_since timestamptz, p_before timestamptz, p_burst_limit integer,
  p_transient_max_s double precision, p_service text, p_rule_latest integer)
RETURNS TABLE (incidents json, undecided json, burst json, changes json, silences json, fingerprint_episodes json,
  service_rule_episodes json, rule_behaviour json, verdicts json, past_incidents json, overrides json)
LANGUAGE sql STABLE
AS $$
  SELECT
    (SELECT coalesce(json_agg(i ORDER BY i.created_at, i.id), '[]')
     FROM (SELECT id, title, service, status, severity, playbook_id, entities, created_at,
                  last_alert_at, notified_at, drill, alert_count
           FROM incidents WHERE status IN ('open', 'mitigated') AND last_alert_at >= p_incidents_since) i) AS incidents,
    (SELECT coalesce(json_agg(u ORDER BY u.first_received_at, u.id), '[]')
     FROM (SELECT id, source, fingerprint, rule, status, title, message, service, environment, severity, labels,
                  starts_at, first_received_at, last_received_at, resolved_at, repeats, incident_id, suppressed, held_until
           FROM alerts
           WHERE first_received_at >= p_undecided_since AND status = 'firing' AND incident_id IS NULL
             AND (suppressed IS NULL OR suppressed = 'known-noisy')) u) AS undecided,
    (SELECT coalesce(json_agg(b), '[]')
     FROM (SELECT service, incident_id, count(*)::int AS alerts
           FROM (SELECT service, incident_id FROM alerts
                 WHERE first_received_at >= p_burst_since AND suppressed IS NULL AND id <> p_exclude_id
                 ORDER BY first_received_at DESC, id DESC LIMIT p_burst_limit) latest
           GROUP BY service, incident_id) b) AS burst,
    (SELECT coalesce(json_agg(c ORDER BY c.at, c.id), '[]')
     FROM (SELECT id, service, kind, version, environment, at, author, description, url
           FROM change_events WHERE at >= p_changes_from AND at <= p_now) c) AS changes,
    (SELECT coalesce(json_agg(s ORDER BY s.id), '[]')
     FROM (SELECT id, matchers, starts_at, ends_at, comment, created_by
           FROM silences WHERE starts_at <= p_now AND ends_at > p_now) s) AS silences,
    (SELECT coalesce(json_agg(f ORDER BY f.first_received_at), '[]')
     FROM (SELECT id, fingerprint, service, first_received_at, resolved_at FROM alerts
           WHERE source = p_source AND fingerprint = p_fingerprint AND first_received_at >= p_fingerprint_since AND first_received_at < p_before) f) AS fingerprint_episodes,
    (SELECT coalesce(json_agg(r ORDER BY r.first_received_at), '[]')
     FROM (SELECT id, fingerprint, service, first_received_at, resolved_at FROM alerts
           WHERE source = p_source AND rule = p_rule AND coalesce(service, '') = coalesce(p_service, '')
             AND service IS NOT DISTINCT FROM p_service AND first_received_at >= p_fingerprint_since
             AND first_received_at < p_before) r) AS service_rule_episodes,
    (SELECT row_to_json(b) FROM rule_behaviour(p_source, p_rule, p_rule_since, p_before, p_now, p_transient_max_s, p_rule_latest) b) AS rule_behaviour,
    (SELECT json_build_object(
              'false_positives', count(*) FILTER (WHERE v.verdict = 'false_positive'),
              'true_positives', count(*) FILTER (WHERE v.verdict = 'true_positive'))
     FROM verdicts v WHERE (v.source = p_source OR v.source IS NULL) AND v.rule = p_rule AND v.at < p_now) AS verdicts,
    (SELECT json_build_object(
              'false_positives', count(*) FILTER (WHERE i.status = 'false_positive'),
              'true_positives', count(*) FILTER (WHERE i.status = 'resolved'))
     FROM incidents i, phraseto_tsquery('english', p_rule) AS q
     WHERE numnode(q) > 0 AND i.origin = 'imported' AND i.search @@ q
       AND COALESCE(i.detected_at, i.impact_started_at, i.created_at) < p_now) AS past_incidents,
    (SELECT coalesce(json_agg(o), '[]')
     FROM (SELECT DISTINCT ON (kind) kind, hold_s, reason, created_by, created_at
           FROM rule_overrides o
           WHERE source = p_source AND rule = p_rule AND created_at <= p_now
             AND NOT EXISTS (SELECT 1 FROM rule_override_revocations r WHERE r.override_id = o.id AND r.revoked_at <= p_now)
           ORDER BY kind, created_at DESC, id DESC) o) AS overrides
$$;
