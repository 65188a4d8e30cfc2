"""Confluent's Python client (Debian python3-confluent-kafka, legacy AvroProducer/AvroConsumer)
producing and consuming Confluent-format Avro, the way a Python data platform does.

  confluent_avro.py consume <brokers> <registryUrl> <topic> <count> <timeoutSeconds>
      prints one JSON line per record: {"key": ..., "value": ...}; timestamps as epoch
      milliseconds, bytes as base64.
  confluent_avro.py produce <brokers> <registryUrl> <topic> <valueSchemaFile> <recordsFile>
      records file: a JSON array of {"key": "...", "value": {...}}, timestamps as epoch
      milliseconds; keys are written with the Avro schema "string". Prints {"sent": n}.
"""
import base64
import datetime
import json
import os
import sys
import time

from confluent_kafka import avro
from confluent_kafka.avro import AvroConsumer, AvroProducer

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def to_json(value):
    if isinstance(value, datetime.datetime):
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode('ascii')
    raise TypeError('cannot print a %s' % type(value).__name__)


def consume(brokers, registry_url, topic, count, timeout_seconds):
    consumer = AvroConsumer({
        'bootstrap.servers': brokers,
        'schema.registry.url': registry_url,
        'group.id': 'roistream-interop-py-%d-%d' % (os.getpid(), time.time()),
        'auto.offset.reset': 'earliest',
        'enable.auto.commit': False,
    })
    try:
        consumer.subscribe([topic])
        seen = 0
        deadline = time.monotonic() + float(timeout_seconds)
        while seen < int(count):
            if time.monotonic() > deadline:
                raise TimeoutError('read %d of %s records within %s s' % (seen, count, timeout_seconds))
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                raise RuntimeError('consumer error: %s' % message.error())
            print(json.dumps({'key': message.key(), 'value': message.value()}, default=to_json), flush=True)
            seen += 1
    finally:
        consumer.close()


def with_timestamps(datum, schema):
    """Turns epoch milliseconds into datetimes where the schema says timestamp-millis."""
    if isinstance(schema, list):
        for branch in schema:
            if datum is None and branch == 'null':
                return None
        branches = [b for b in schema if b != 'null']
        return with_timestamps(datum, branches[0]) if len(branches) == 1 else datum
    if isinstance(schema, dict):
        if schema.get('logicalType') == 'timestamp-millis' and isinstance(datum, int):
            return EPOCH + datetime.timedelta(milliseconds=datum)
        if schema.get('type') == 'record' and isinstance(datum, dict):
            return {f['name']: with_timestamps(datum.get(f['name']), f['type']) for f in schema['fields']}
        if schema.get('type') == 'array' and isinstance(datum, list):
            return [with_timestamps(item, schema['items']) for item in datum]
        if isinstance(schema.get('type'), (dict, list)):
            return with_timestamps(datum, schema['type'])
    return datum


def produce(brokers, registry_url, topic, schema_file, records_file):
    with open(schema_file, encoding='utf-8') as f:
        schema_text = f.read()
    with open(records_file, encoding='utf-8') as f:
        records = json.load(f)
    schema_json = json.loads(schema_text)
    producer = AvroProducer({'bootstrap.servers': brokers, 'schema.registry.url': registry_url},
                            default_key_schema=avro.loads('"string"'),
                            default_value_schema=avro.loads(schema_text))
    for record in records:
        producer.produce(topic=topic, key=record['key'], value=with_timestamps(record['value'], schema_json))
    remaining = producer.flush(30)
    if remaining:
        raise RuntimeError('%d records not delivered' % remaining)
    print(json.dumps({'sent': len(records)}), flush=True)


def main(argv):
    commands = {'consume': (consume, 5), 'produce': (produce, 5)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 64
    command, _ = commands[argv[1]]
    command(*argv[2:])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
