-- The incident log and triage state (DESIGN.md "Domain"). Written for PostgreSQL 15; runs on PGlite too.
-- Migration numbers: 001-009 core, 010-019 ingest, 020-029 incident log / import, 030-039 triage,
-- 040-049 slack and actions, 050-059 ops, 060-069 llm.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SEQUENCE incident_number_seq;

CREATE TABLE incidents (
  id text PRIMARY KEY,                           -- 'INC-0001' (triage, declared, drill) or the imported id
  origin text NOT NULL CHECK (origin IN ('triage', 'declared', 'imported', 'drill')),
  title text NOT NULL,
  service text,
  environment text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'mitigated', 'resolved', 'false_positive')),
  severity text NOT NULL DEFAULT 'minor' CHECK (severity IN ('minor', 'major', 'critical')),
  lead text,
  declared_by text,
  symptom text,
  impact text,
  root_cause text,
  category text CHECK (category IN ('deployment', 'application-bug', 'traffic', 'infrastructure', 'third-party', 'configuration', 'unknown')),
  impact_started_at timestamptz,
  detected_at timestamptz,
  acknowledged_at timestamptz,
  mitigated_at timestamptz,
  resolved_at timestamptz,
  notified_at timestamptz,                       -- when the humans were told (first notification)
  escalated_at timestamptz,
  playbook_id text,                              -- the first playbook chosen
  playbooks jsonb NOT NULL DEFAULT '[]',         -- ranked matches [{id, score, why}]
  similar_incidents jsonb NOT NULL DEFAULT '[]',           -- [{id, score, why}] best first
  evidence jsonb NOT NULL DEFAULT '{}',          -- {changes, suspectChange, logs, checklist, ...}
  tags text[] NOT NULL DEFAULT '{}',
  drill boolean NOT NULL DEFAULT false,
  hotfix boolean NOT NULL DEFAULT false,
  rollback boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(symptom, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(root_cause, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(service, '')), 'C')
  ) STORED
);
CREATE INDEX incidents_status_idx ON incidents (status, created_at);
CREATE INDEX incidents_service_idx ON incidents (service, created_at);
CREATE INDEX incidents_search_idx ON incidents USING gin (search);
CREATE INDEX incidents_title_trgm_idx ON incidents USING gin (title gin_trgm_ops);

-- One row per firing episode of an alert: a fingerprint that fires, resolves and fires again has two rows.
CREATE TABLE alerts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  fingerprint text NOT NULL,
  rule text NOT NULL,
  status text NOT NULL CHECK (status IN ('firing', 'resolved')),
  title text NOT NULL,
  message text NOT NULL DEFAULT '',
  service text,
  environment text,
  severity text,
  labels jsonb NOT NULL DEFAULT '{}',
  annotations jsonb NOT NULL DEFAULT '{}',
  links jsonb NOT NULL DEFAULT '{}',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  first_received_at timestamptz NOT NULL,
  last_received_at timestamptz NOT NULL,
  resolved_at timestamptz,                       -- when the resolution was received
  repeats integer NOT NULL DEFAULT 0,            -- notifications received while it was already firing
  incident_id text REFERENCES incidents (id),
  suppressed text,                               -- reason word, null when not suppressed
  held_until timestamptz,                        -- a transient hold: decide again at this time
  decided_at timestamptz,
  trace jsonb NOT NULL DEFAULT '[]',             -- why it was deduped, suppressed, grouped, notified
  raw jsonb
);
-- At most one open episode per fingerprint: concurrent deliveries of the same alert meet here.
CREATE UNIQUE INDEX alerts_open_fingerprint_idx ON alerts (source, fingerprint) WHERE status = 'firing';
CREATE INDEX alerts_fingerprint_idx ON alerts (source, fingerprint, first_received_at);
CREATE INDEX alerts_rule_idx ON alerts (rule, first_received_at);
CREATE INDEX alerts_service_idx ON alerts (service, first_received_at);
CREATE INDEX alerts_incident_idx ON alerts (incident_id);
CREATE INDEX alerts_received_idx ON alerts (first_received_at);

-- Every notification received for an alert, firing or resolved: the audit of what senders sent.
CREATE TABLE alert_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_key text NOT NULL UNIQUE,             -- the queue job id: a redelivered body has the same key
  alert_id bigint REFERENCES alerts (id),
  status text NOT NULL,
  outcome text NOT NULL,                         -- new | repeat | resolved | resolved-unknown | redelivery
  received_at timestamptz NOT NULL
);
CREATE INDEX alert_deliveries_alert_idx ON alert_deliveries (alert_id);

CREATE TABLE suppressions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id bigint NOT NULL REFERENCES alerts (id),
  reason text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL,
  lifted_at timestamptz,
  lifted_reason text
);
CREATE INDEX suppressions_alert_idx ON suppressions (alert_id);
CREATE INDEX suppressions_at_idx ON suppressions (at);

CREATE TABLE timeline (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  actor text NOT NULL,                           -- 'firebreak' or a person
  kind text NOT NULL,                            -- opened, alert-attached, field-changed, notified, ...
  summary text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX timeline_incident_idx ON timeline (incident_id, at);

CREATE TABLE countermeasures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  action text NOT NULL,
  worked boolean,
  by text,
  action_run_id text
);
CREATE INDEX countermeasures_incident_idx ON countermeasures (incident_id);

CREATE TABLE remediations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  title text NOT NULL,
  owner text,
  due date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  verified boolean NOT NULL DEFAULT false,
  verified_by text,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX remediations_incident_idx ON remediations (incident_id);
CREATE INDEX remediations_due_idx ON remediations (status, due);

CREATE TABLE change_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key text NOT NULL UNIQUE,
  service text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('deploy', 'hotfix', 'rollback', 'config')),
  version text,
  environment text,
  at timestamptz NOT NULL,
  author text,
  description text,
  url text,
  received_at timestamptz NOT NULL
);
CREATE INDEX change_events_service_idx ON change_events (service, at);
CREATE INDEX change_events_at_idx ON change_events (at);

CREATE TABLE verdicts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key text NOT NULL UNIQUE,
  rule text NOT NULL,
  source text,
  alert_id bigint REFERENCES alerts (id),
  labels jsonb NOT NULL DEFAULT '{}',
  title text,
  verdict text NOT NULL CHECK (verdict IN ('false_positive', 'true_positive')),
  by text,
  at timestamptz NOT NULL
);
CREATE INDEX verdicts_rule_idx ON verdicts (rule, at);

CREATE TABLE silences (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matchers jsonb NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  comment text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX silences_window_idx ON silences (ends_at, starts_at);

CREATE TABLE action_runs (
  id text PRIMARY KEY,                           -- 'RUN-0001'
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  playbook_id text NOT NULL,
  action_id text NOT NULL,
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('http', 'command', 'noop')),
  risk text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  spec jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected', 'running', 'succeeded', 'failed')),
  proposed_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  result text,
  output text,
  UNIQUE (incident_id, playbook_id, action_id)
);
CREATE SEQUENCE action_run_number_seq;

CREATE TABLE action_approvals (
  run_id text NOT NULL REFERENCES action_runs (id) ON DELETE CASCADE,
  approver text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (run_id, approver)
);
