// Produces Confluent-format Avro records with kafkajs and @kafkajs/confluent-schema-registry, the
// way a JavaScript data platform does: registers the value schema under <topic>-value and the
// key schema "string" under <topic>-key, encodes both, and sends the records.
// Records file: a JSON array of {"key": "...", "value": {...}} in avsc's JSON form.
// Prints {"valueSchemaId": n, "keySchemaId": n, "sent": n}.
// Usage: node produce-avro.js <brokers> <registryUrl> <topic> <valueSchemaFile> <recordsFile>
'use strict';
const fs = require('fs');
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const [brokers, registryUrl, topic, schemaFile, recordsFile] = process.argv.slice(2);
if (!recordsFile) {
  console.error('usage: node produce-avro.js <brokers> <registryUrl> <topic> <valueSchemaFile> <recordsFile>');
  process.exit(64);
}
const registry = new SchemaRegistry({ host: registryUrl });
// kafkajs logs to stdout by default; keep stdout for results
const toStderr = () => ({ namespace, log }) => console.error(`kafkajs ${namespace}: ${JSON.stringify(log)}`);
const kafka = new Kafka({
  clientId: 'roistream-interop-js', brokers: brokers.split(','), logLevel: logLevel.ERROR, logCreator: toStderr,
});

// The library registers named schemas only; the key's primitive "string" schema is registered
// over the registry's REST API, as a kafkajs user producing Avro keys does.
async function registerStringKeySchema() {
  const response = await fetch(`${registryUrl}/subjects/${encodeURIComponent(topic)}-key/versions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: '"string"' }),
  });
  if (!response.ok) {
    throw new Error(`registering the key schema failed: HTTP ${response.status} ${await response.text()}`);
  }
  return (await response.json()).id;
}

async function main() {
  const schema = fs.readFileSync(schemaFile, 'utf8');
  const records = JSON.parse(fs.readFileSync(recordsFile, 'utf8'));
  const { id: valueSchemaId } = await registry.register({ type: SchemaType.AVRO, schema },
    { subject: `${topic}-value` });
  const keySchemaId = await registerStringKeySchema();
  const messages = [];
  for (const record of records) {
    messages.push({
      key: await registry.encode(keySchemaId, record.key),
      value: await registry.encode(valueSchemaId, record.value),
    });
  }
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages, acks: -1 });
  await producer.disconnect();
  process.stdout.write(JSON.stringify({ valueSchemaId, keySchemaId, sent: messages.length }) + '\n');
}

main().catch((error) => {
  console.error(`produce-avro.js failed: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
