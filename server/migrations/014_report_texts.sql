-- The annual report's narrative sections (issue #14, seed 004): what the district writes each year
-- in Kazakh and in Russian that no figure can produce (shared/reports/narrative.ts lists the
-- sections in the seed's order). One row per year and section; '' is a side not written yet.
-- A year whose months are all closed (report_closed_months) refuses changes: its report is final.
CREATE TABLE report_texts (
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  section text NOT NULL,
  kk text NOT NULL DEFAULT '',
  ru text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (year, section)
);
