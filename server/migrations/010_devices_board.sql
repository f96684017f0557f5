-- The district's device board (issue #13): what each laptop last said about
-- itself on a sync request (shared/sync/protocol.ts DESK_HEADERS), and how it
-- is being revoked.
ALTER TABLE devices ADD COLUMN app_version text;
-- The laptop's clock minus the server's at the moment a pull arrived, in seconds.
ALTER TABLE devices ADD COLUMN clock_error_seconds integer;
ALTER TABLE devices ADD COLUMN clock_measured_at timestamptz;
-- The last pull that reached its end while the laptop said nothing waited in its outbox.
ALTER TABLE devices ADD COLUMN last_full_sync_at timestamptz;
-- 'stop': refused at once. 'drain': take what it has, then stop: revoked_at stays
-- NULL (the laptop still pushes) until it says nothing is left to send.
ALTER TABLE devices ADD COLUMN revoke_mode text CHECK (revoke_mode IN ('stop', 'drain'));
ALTER TABLE devices ADD COLUMN revoke_requested_at timestamptz;
