// Connects with node-redis v5 using RESP3 (it sends HELLO 3, and CLIENT SETINFO
// LIB-NAME/LIB-VER, whose errors on servers before 7.2 it tolerates), runs basic
// commands and checks the RESP3 types it gets back. Exit 0 on success, 1 on failure.
// Usage: node resp3_client.mjs PORT
import { createClient } from 'redis';
import assert from 'node:assert/strict';

const port = Number(process.argv[2] || process.env.RINGDB_PORT);
if (!port) {
  console.error('usage: node resp3_client.mjs PORT');
  process.exit(1);
}

const timer = setTimeout(() => {
  console.error('timed out after 20 s');
  process.exit(1);
}, 20000);

const client = createClient({
  socket: { host: '127.0.0.1', port, connectTimeout: 5000, reconnectStrategy: false },
  RESP: 3,
});
client.on('error', (err) => console.error('client error:', err.message));

try {
  await client.connect();
  const info = await client.sendCommand(['CLIENT', 'INFO']);
  assert.match(String(info), /\bresp=3\b/, `connection is not RESP3: ${info}`);

  assert.equal(await client.ping(), 'PONG');
  assert.equal(await client.set('node:k', 'v'), 'OK');
  assert.equal(await client.get('node:k'), 'v');
  assert.equal(await client.get('node:missing'), null);
  assert.equal(await client.incr('node:n'), 1);
  assert.equal(await client.incrBy('node:n', 41), 42);
  assert.equal(await client.del(['node:k', 'node:n']), 2);
  assert.deepEqual(await client.mGet(['node:k', 'node:none']), [null, null]);

  // RESP3-only reply types, read off the raw wire replies.
  const hello = await client.sendCommand(['HELLO', '3']);
  const proto = hello instanceof Map ? hello.get('proto') : hello.proto;
  assert.equal(proto, 3, `HELLO 3 did not reply with a RESP3 map: ${JSON.stringify(hello)}`);
  const conf = await client.sendCommand(['CONFIG', 'GET', 'maxmemory']);
  const maxmemory = conf instanceof Map ? conf.get('maxmemory') : conf.maxmemory;
  assert.equal(String(maxmemory), '0', `CONFIG GET is not a RESP3 map: ${JSON.stringify(conf)}`);
  // RESP3 doubles need a sorted set; skipped (and said so) until the server has one.
  const [zaddInfo] = await client.sendCommand(['COMMAND', 'INFO', 'ZADD']);
  if (zaddInfo === null) {
    console.log('skipped the ZSCORE double check: server lacks ZADD');
  } else {
    await client.sendCommand(['ZADD', 'node:z', '1.5', 'm']);
    const score = await client.sendCommand(['ZSCORE', 'node:z', 'm']);
    assert.equal(Number(score), 1.5);
    assert.equal(await client.sendCommand(['ZSCORE', 'node:z', 'nope']), null);
    await client.sendCommand(['DEL', 'node:z']);
  }

  // A transaction and a pipeline.
  const replies = await client.multi().set('node:t', '1').incr('node:t').get('node:t').exec();
  assert.deepEqual(replies, ['OK', 2, '2']);
  await client.del('node:t');

  await client.quit();
  clearTimeout(timer);
  console.log('node-redis RESP3 check: OK');
  process.exit(0);
} catch (err) {
  console.error('node-redis RESP3 check FAILED:', err);
  process.exit(1);
}
