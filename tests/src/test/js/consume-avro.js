// Reads Confluent-format Avro records (key and value) from a topic with kafkajs and
// @kafkajs/confluent-schema-registry, the way a JavaScript answer consumer does, and prints one
// JSON line per record: {"key": ..., "value": ..., "keySchemaId": n, "valueSchemaId": n}.
// Usage: node consume-avro.js <brokers> <registryUrl> <topic> <count> <timeoutMs>
'use strict';
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

const [brokers, registryUrl, topic, countText, timeoutText] = process.argv.slice(2);
if (!timeoutText) {
  console.error('usage: node consume-avro.js <brokers> <registryUrl> <topic> <count> <timeoutMs>');
  process.exit(64);
}
const count = Number(countText);
const registry = new SchemaRegistry({ host: registryUrl });
// kafkajs logs to stdout by default; keep stdout for results
const toStderr = () => ({ namespace, log }) => console.error(`kafkajs ${namespace}: ${JSON.stringify(log)}`);
const kafka = new Kafka({
  clientId: 'roistream-interop-js', brokers: brokers.split(','), logLevel: logLevel.ERROR, logCreator: toStderr,
});
const consumer = kafka.consumer({ groupId: `roistream-interop-js-${process.pid}-${Date.now()}` });

const schemaId = (buffer) => buffer.readInt32BE(1);
// bytes print as base64
function asJson(key, value) {
  const raw = this[key];
  return Buffer.isBuffer(raw) ? raw.toString('base64') : value;
}

async function main() {
  const timer = setTimeout(() => fail(new Error(`read fewer than ${count} records within ${timeoutText} ms`)),
    Number(timeoutText));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ message }) => {
        try {
          const key = await registry.decode(message.key);
          const value = await registry.decode(message.value);
          process.stdout.write(JSON.stringify({
            key, value, keySchemaId: schemaId(message.key), valueSchemaId: schemaId(message.value),
          }, asJson) + '\n');
          seen += 1;
          if (seen === count) resolve();
        } catch (error) {
          reject(error);
        }
      },
    }).catch(reject);
  });
  clearTimeout(timer);
  await consumer.disconnect();
}

function fail(error) {
  console.error(`consume-avro.js failed: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
}

main().catch(fail);
