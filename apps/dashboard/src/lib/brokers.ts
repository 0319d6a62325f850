import type { BrokerType } from '@herald/contracts';

/** The brokers as the forms name them (endpoint destinations and broker sources). */
export const brokerLabel: Record<BrokerType, string> = {
  amqp: 'RabbitMQ (AMQP 0-9-1)',
  kafka: 'Kafka',
  nats: 'NATS JetStream',
  redis: 'Redis Streams',
};

/** An example URL of each broker with one (Kafka takes bootstrap brokers instead). */
export const brokerUrlPlaceholder: Record<Exclude<BrokerType, 'kafka'>, string> = {
  amqp: 'amqp://user:password@rabbitmq:5672/vhost',
  nats: 'nats://user:password@nats:4222',
  redis: 'redis://:password@redis:6379/0',
};

/** Kafka's bootstrap brokers field: a list where the other brokers have a URL. */
export const kafkaBrokersField = {
  name: 'brokers',
  label: 'Bootstrap brokers',
  hint: 'host:port, comma-separated.',
  placeholder: 'kafka:9092',
} as const;

/** Kafka's bootstrap brokers as typed, comma-separated, as a list. */
export const brokerList = (text: string): string[] =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
