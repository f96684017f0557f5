-- The district console (issue #13): its staff list shows each account's last
-- sign-in. A district account's is the newest of its sessions (each console or
-- district-tab sign-in opens one, and sessions are kept after they end; disabling
-- an account ends them all by staff member); an office staff member's is the
-- newest op they signed that reached the server.
CREATE INDEX district_sessions_staff ON district_sessions (staff_id, created_at);
CREATE INDEX ops_staff ON ops (staff_id, received_at);
