-- The device whose op made a record what it is, when that device is known to
-- hold exactly this state: it created the record, or changed it with nothing
-- from anyone else merged in since it last received it. A pull can then leave
-- the record out for that device (its own work echoed back was half of a day's
-- sync over EDGE). NULL: everyone gets it, the conservative default for
-- district edits, merges, conflicts and every older row.
ALTER TABLE applications ADD COLUMN echo_device text;
ALTER TABLE refusals ADD COLUMN echo_device text;
ALTER TABLE kindergartens ADD COLUMN echo_device text;
ALTER TABLE offices ADD COLUMN echo_device text;
ALTER TABLE staff ADD COLUMN echo_device text;
ALTER TABLE access_log ADD COLUMN echo_device text;
ALTER TABLE complaints ADD COLUMN echo_device text;
ALTER TABLE visits ADD COLUMN echo_device text;
ALTER TABLE tech_protocols ADD COLUMN echo_device text;
