-- Requests to the event API (template event-api) that carried a Request-ID: a repeated request answers the
-- first one's event and publishes nothing again.
CREATE TABLE api_request (
    route_path  text        NOT NULL,             -- the API endpoint under /api/
    request_id  text        NOT NULL,
    event_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (route_path, request_id)
);
