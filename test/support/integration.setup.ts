// Integration specs start a real Nest app against the local Kafka broker and Postgres.
jest.setTimeout(120_000);
