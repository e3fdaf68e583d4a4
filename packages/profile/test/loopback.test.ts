// isLoopback: one answer for the endpoint's listener, the web UI's bind
// address and the web UI's clients.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopback } from '../src/index.js';

test('loopback is localhost, ::1 and all of 127.0.0.0/8, also as IPv4-mapped IPv6', () => {
  for (const a of ['localhost', '127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3']) {
    assert.equal(isLoopback(a), true, a);
  }
  for (const a of [undefined, '', '0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '127.0.0', '127.0.0.1.nip.io', 'localhost.example.com', '::ffff:10.0.0.1', '::2']) {
    assert.equal(isLoopback(a), false, String(a));
  }
});
