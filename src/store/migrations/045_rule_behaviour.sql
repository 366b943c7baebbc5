-- How a rule's past episodes ended, counted by the store instead of sent to triage episode by episode: triage asks
-- for every new alert, and a noisy rule has thousands of episodes a month. Of the episodes of (source, rule) first
-- received in [since, before): how many are decided (resolved, or still firing longer than transient_max_s at now),
-- how many of them resolved by themselves within transient_max_s, and the slowest of those in seconds. Times are
-- taken to the millisecond, as triage reads them. A table function in plain SQL, so that PostgreSQL inlines it into
-- the statement that calls it and plans it with that statement.
CREATE FUNCTION rule_behaviour(p_source text, p_rule text, p_since timestamptz, p_before timestamptz, p_now timestamptz, p_transient_max_s double precision)
RETURNS TABLE (decided integer, resolved_quickly integer, slowest_quick_s double precision)
LANGUAGE sql STABLE
AS $$
  SELECT count(*) FILTER (WHERE e.resolved_at IS NOT NULL OR e.first_received_at < p_now - make_interval(secs => p_transient_max_s))::int,
         count(*) FILTER (WHERE e.quick_s <= p_transient_max_s)::int,
         max(e.quick_s) FILTER (WHERE e.quick_s <= p_transient_max_s)
  FROM (SELECT a.resolved_at, date_trunc('milliseconds', a.first_received_at) AS first_received_at,
               extract(epoch FROM date_trunc('milliseconds', a.resolved_at) - date_trunc('milliseconds', a.first_received_at))::double precision AS quick_s
        FROM alerts a
        WHERE a.source = p_source AND a.rule = p_rule AND a.first_received_at >= p_since AND a.first_received_at < p_before) e
$$;
