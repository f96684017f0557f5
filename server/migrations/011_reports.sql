-- Reports (issue #14).

-- Services that never pass through a desk (State Corporation, portal), entered
-- at the district as monthly counts per office and service, so report totals are whole.
CREATE TABLE outside_counts (
  office_id text NOT NULL REFERENCES offices (id),
  service_code text NOT NULL,
  month text NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  channel text NOT NULL CHECK (channel IN ('stateCorporation', 'portal')),
  count integer NOT NULL CHECK (count >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (office_id, service_code, month, channel)
);

-- A year's normative values and next year's targets of the quality indicators
-- (seed 000 §19: set each year by the Minister's order), as the district entered them.
CREATE TABLE indicator_norms (
  year integer PRIMARY KEY,
  norms jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- Closed months: their events as counted at the close. A report of a closed
-- month reads only these, so late ops never change it.
CREATE TABLE report_closed_months (
  month text PRIMARY KEY CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  closed_at timestamptz NOT NULL,
  closed_by text NOT NULL,
  closed_by_name text NOT NULL
);
CREATE TABLE report_closed_events (
  month text NOT NULL REFERENCES report_closed_months (month),
  kind text NOT NULL,
  id text NOT NULL,
  event jsonb NOT NULL,
  PRIMARY KEY (month, kind, id)
);

-- The report loads applications by acceptance time.
CREATE INDEX applications_accepted ON applications (accepted_at);
