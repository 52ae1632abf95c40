import { createServer, IncomingMessage } from 'node:http';
import { Client } from 'pg';
import { BatchingProducer } from '../../src/kafka/batching-producer';
import { createKafka } from '../../src/kafka/kafka-client';
import { RecordHeader } from '../../src/kafka/topics';
import { isValidSignature } from '../../src/wsapi/signature';

/**
 * The benchmark's baseline: the least a webhook pipeline can do, in one node process.
 *  - ingress: bare node:http, HMAC check over the raw body, then the same kafkajs publish as the
 *    service (its BatchingProducer: idempotent, acks=all, one request in flight), keyed by the
 *    X-Instance-Id header (no JSON parsing, no envelope checks, no framework, no logging);
 *  - with BARE_CONSUME=1 also a consumer that inserts each `message` as a row of `messages` with one
 *    unnest INSERT per batch (no validation, no merge rules, no checkpoints).
 * Environment: PORT, KAFKA_BROKERS, BARE_SECRET, BARE_TOPIC, and for the consumer DATABASE_URL.
 */
async function main(): Promise<void> {
  const env = process.env;
  const kafka = createKafka(env.KAFKA_BROKERS ?? '127.0.0.1:9092', 'bare-pipeline');
  const producer = new BatchingProducer(kafka);
  await producer.connect();
  const secret = env.BARE_SECRET ?? '';
  const topic = env.BARE_TOPIC ?? 'bare.messages';
  if (env.BARE_CONSUME === '1') await consumeIntoMessages(kafka, topic, env.DATABASE_URL!);

  const server = createServer((request, response) => {
    if (request.method === 'GET') return void response.writeHead(200).end('{"status":"ok"}');
    void readBody(request).then(async (body) => {
      if (!isValidSignature(body, request.headers['x-webhook-signature'] as string | undefined, secret)) return void response.writeHead(401).end();
      const key = String(request.headers['x-instance-id'] ?? '');
      try {
        await producer.publish({ topic, key, value: body, headers: { [RecordHeader.InstanceId]: key, [RecordHeader.IngestedAt]: new Date().toISOString() } }, 10_000);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
      } catch {
        response.writeHead(503).end();
      }
    });
  });
  server.listen(Number(env.PORT ?? 0), '127.0.0.1');
  process.once('SIGTERM', () => void producer.close().finally(() => process.exit(0)));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function consumeIntoMessages(kafka: ReturnType<typeof createKafka>, topic: string, databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const consumer = kafka.consumer({ groupId: `bare-${topic}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const rows = batch.messages.map((message) => {
        const envelope = JSON.parse(String(message.value));
        const data = envelope.eventData;
        return [envelope.instanceId, data.chatId, data.id, data.sender?.id ?? null, data.time, data.type, data.text ?? null, JSON.stringify(data), envelope.receivedAt];
      });
      const column = (i: number) => rows.map((row) => row[i]);
      await db.query(
        `INSERT INTO messages (instance_id, chat_id, id, sender_id, time, type, text, raw, first_seen_at, updated_at, source)
         SELECT i, c, m, s, t, ty, tx, r::jsonb, f, f, 'live' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
           AS u(i, c, m, s, t, ty, tx, r, f)
         ON CONFLICT DO NOTHING`,
        [0, 1, 2, 3, 4, 5, 6, 7, 8].map(column),
      );
    },
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`bare pipeline failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
