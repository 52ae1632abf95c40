import { eventually } from '../support/database';
import { ClusterNode, CLUSTER_NODES, copiesInTopic, kafkaCluster, partitionLeaders, useFreshCluster } from '../support/kafka-cluster';
import { RunningApp, startTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { checkDelivery, DeliveryCheck, WebhookLoad } from '../support/webhook-load';

const SECRET = 'cluster-durability-secret';
// Bounded by time (each scenario waits on conditions); the cap only guards against a runaway one.
const LOAD = { concurrency: 32, instances: 64, maxWebhooks: 20_000, pauseMs: 5, retryPauseMs: 250 };
const ACCEPTED_AFTER = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The ingress on a real 3-broker cluster (replication 3, min.insync.replicas=2) while brokers die
 * or stop under signed webhook load. Afterwards the whole topic is read back: every 200 is in
 * Kafka, a copy beyond the first only for a webhook that was also answered 503, and with two
 * brokers down only 503s (with Retry-After), until the service recovers by itself.
 */
describe('ingress on a 3-broker cluster under broker faults', () => {
  const cluster = useFreshCluster();

  interface Scenario {
    running: RunningApp;
    topic: string;
    load: WebhookLoad;
  }

  async function startScenario(): Promise<Scenario> {
    const running = await startTestApp(
      testConfig({
        ROLE: 'ingress',
        KAFKA_BROKERS: kafkaCluster.brokers(),
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_TOPIC_PARTITIONS: '6',
        PUBLISH_TIMEOUT_MS: '5000',
        WSAPI_SIGNING_SECRET: SECRET,
      }),
    );
    const topic = `${running.config.KAFKA_TOPIC_PREFIX}.messages`;
    const load = new WebhookLoad({ baseUrl: running.baseUrl, secret: SECRET, ...LOAD }).start();
    await eventually(async () => expect(load.acceptedSince(0)).toBeGreaterThanOrEqual(ACCEPTED_AFTER), 60_000);
    return { running, topic, load };
  }

  /** Stops the load, reads the whole topic back and compares; leaves the cluster whole for the next scenario. */
  async function finishScenario({ running, topic, load }: Scenario, fault: string, recoveryMs: number): Promise<DeliveryCheck> {
    await load.stop();
    await running.close();
    const check = checkDelivery(load.attempts, await copiesInTopic(cluster(), topic, 'wsapi-event-id'));
    const { lost, unexplainedDuplicates, ...figures } = check;
    // The figures BENCHMARKS.md records (one line per run).
    console.log(JSON.stringify({ fault, ...figures, lost: lost.length, unexplainedDuplicates: unexplainedDuplicates.length, recoveryMs }));
    return check;
  }

  function expectNothingLost(check: DeliveryCheck): void {
    expect(check.lost).toEqual([]);
    expect(check.unexplainedDuplicates).toEqual([]);
    expect(check.otherStatuses).toEqual([]);
    expect(check.refusedWithoutRetryAfter).toBe(0);
  }

  /** Waits until the load got 200s again after `since`; returns how long that took. */
  async function recovered(load: WebhookLoad, since: number, timeoutMs: number): Promise<number> {
    await eventually(async () => expect(load.acceptedSince(since)).toBeGreaterThanOrEqual(ACCEPTED_AFTER), timeoutMs, 100);
    const first = load.attempts.filter((a) => a.status === 200 && a.startedAt >= since).reduce((min, a) => Math.min(min, a.endedAt), Infinity);
    return first - since;
  }

  /** The returning node takes its leadership back (auto leader rebalance) under load: a second leadership move. */
  async function leadershipBack({ topic, load }: Scenario, node: ClusterNode, partition: number): Promise<void> {
    await eventually(async () => expect((await partitionLeaders(cluster(), topic)).get(partition)).toBe(node), 60_000, 500);
    const movedAt = Date.now();
    await eventually(async () => expect(load.acceptedSince(movedAt)).toBeGreaterThanOrEqual(ACCEPTED_AFTER), 60_000, 200);
  }

  /**
   * One node out under load (the leader of `partition`), back again, its leadership back. The
   * recovery figure: the longest stretch without a single 200 from the fault to the node's return.
   */
  async function oneNodeOut(fault: string, partition: number, takeOut: (node: ClusterNode) => void): Promise<void> {
    const scenario = await startScenario();
    const node = (await partitionLeaders(cluster(), scenario.topic)).get(partition)!;
    const outAt = Date.now();
    takeOut(node);
    await recovered(scenario.load, Date.now(), 90_000);
    const accepted = scenario.load.attempts.filter((a) => a.status === 200 && a.endedAt >= outAt).map((a) => a.endedAt);
    const gaps = [outAt, ...accepted.sort((x, y) => x - y)].map((at, i, all) => (i === 0 ? 0 : at - all[i - 1]));
    kafkaCluster.start(node);
    await leadershipBack(scenario, node, partition);
    expectNothingLost(await finishScenario(scenario, fault, Math.max(...gaps)));
  }

  it('SIGKILL of a partition leader: every 200 is in Kafka', () => oneNodeOut('sigkill-partition-leader', 0, kafkaCluster.kill), 300_000);

  it('SIGTERM of one broker (a rolling restart step): every 200 is in Kafka', () => oneNodeOut('sigterm-one-broker', 1, kafkaCluster.terminate), 300_000);

  it('two brokers SIGKILLed: only 503 with Retry-After while they are down, then 200s again by itself', async () => {
    const scenario = await startScenario();
    const survivor = (await partitionLeaders(cluster(), scenario.topic)).get(2)!;
    const victims = CLUSTER_NODES.filter((n) => n !== survivor) as ClusterNode[];
    victims.forEach((node) => kafkaCluster.kill(node));
    const downAt = Date.now();
    // Down long enough for senders' retries and the producer's own to run out.
    await eventually(async () => expect(scenario.load.attempts.filter((a) => a.startedAt >= downAt && a.status === 503).length).toBeGreaterThanOrEqual(50), 60_000, 200);
    await sleep(5000);
    const whileDown = scenario.load.attempts.filter((a) => a.startedAt >= downAt);
    victims.forEach((node) => kafkaCluster.start(node));
    const backAt = Date.now();
    const recoveryMs = await recovered(scenario.load, backAt, 120_000);
    const check = await finishScenario(scenario, 'two-brokers-sigkill', recoveryMs);

    expect(whileDown.filter((a) => a.status === 200)).toEqual([]);
    expect(whileDown.every((a) => a.status === 503 && a.retryAfter === '5')).toBe(true);
    expectNothingLost(check);
  }, 300_000);
});
