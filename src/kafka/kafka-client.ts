import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';

const kafkaLogger = new Logger('kafkajs');

/** kafkajs logs through Nest's logger so that everything ends up in one structured stream. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const text = `${message} ${JSON.stringify(extra)}`;
    // kafkajs reports every failed connection attempt as an error; our callers decide what is one.
    if (level === logLevel.ERROR || level === logLevel.WARN) kafkaLogger.warn(text);
    else kafkaLogger.debug(text);
  };
}

export function createKafka(brokers: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
