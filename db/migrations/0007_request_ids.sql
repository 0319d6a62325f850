-- Up Migration
-- The x-request-id of the request that published a message, so one publish can be followed through
-- the api's and the workers' logs and found again from the dashboard.
ALTER TABLE messages ADD COLUMN request_id text;
