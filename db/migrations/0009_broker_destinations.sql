-- Up Migration
-- Broker destinations: an endpoint that publishes to RabbitMQ, Kafka, NATS JetStream or Redis Streams
-- instead of POSTing to a URL. `destination` holds the broker's coordinates as the API took them,
-- credentials included (never shown back: the API masks passwords); NULL for an HTTP endpoint. `url`
-- keeps a masked label of the destination for such endpoints, so lists and attempt logs read alike.
ALTER TABLE endpoints ADD COLUMN destination jsonb;
