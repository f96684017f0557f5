-- Credentials that can be taken back (issue #10).

-- Device tokens rotate with each successful sync. The token a rotation
-- replaced stays acceptable (prev_token_hash) until the device uses the new
-- one, so an answer lost on the way never locks a laptop out. The last token
-- pushed out of use is remembered (retired_token_hash) only to recognise it if
-- it is ever presented again: a copied credential, or a laptop restored from
-- an old backup, which the server logs.
ALTER TABLE devices ADD COLUMN prev_token_hash text UNIQUE;
ALTER TABLE devices ADD COLUMN retired_token_hash text;
ALTER TABLE devices ADD COLUMN token_rotated_at timestamptz;
CREATE INDEX devices_retired_token ON devices (retired_token_hash) WHERE retired_token_hash IS NOT NULL;

-- A code the district issues for one device: it enrols only that device, and
-- it is the only kind of code that brings a revoked device back.
ALTER TABLE enrolment_codes ADD COLUMN for_device_id text;

-- Sign-in attempts per (login name, address) and per address across login
-- names (login = ''), counted in a window; an over-limit key is locked until
-- locked_until or until the district lifts it. Attempts are counted before
-- the password is checked, so a burst of parallel guesses cannot slip past.
CREATE TABLE sign_in_attempts (
  login text NOT NULL,
  address text NOT NULL,
  attempts integer NOT NULL,
  window_start timestamptz NOT NULL,
  last_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  PRIMARY KEY (login, address)
);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts (address);
CREATE INDEX sign_in_attempts_last ON sign_in_attempts (last_attempt_at);
