// What the guide scripts share: the stripe-node client pointed at the server under test (STRIPE_KEY, STRIPE_HOST,
// STRIPE_PORT), and a loopback webhook handler that verifies each delivery as a stripe-node user does.
'use strict';
const assert = require('node:assert/strict');
const http = require('node:http');
const Stripe = require('stripe');

const stripe = new Stripe(process.env.STRIPE_KEY, {
  host: process.env.STRIPE_HOST, port: Number(process.env.STRIPE_PORT), protocol: 'http', maxNetworkRetries: 0,
});

// A webhook handler as a stripe-node user writes one: the raw body and the Stripe-Signature header go to
// stripe.webhooks.constructEvent with the endpoint's secret (default tolerance); verified events are kept.
function startHandler() {
  const handler = { events: [], failures: [], secret: null };
  handler.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handler.events.push(stripe.webhooks.constructEvent(Buffer.concat(chunks), req.headers['stripe-signature'], handler.secret));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"received":true}');
      } catch (err) {
        handler.failures.push(String(err && err.message));
        res.writeHead(400);
        res.end();
      }
    });
  });
  return new Promise((resolve) => handler.server.listen(0, '127.0.0.1', () => {
    handler.url = `http://127.0.0.1:${handler.server.address().port}/webhook`;
    resolve(handler);
  }));
}

// Waits (30 s at most) until the handler verified an event of that type about that object.
async function received(handler, type, objectId, where = () => true) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    assert.deepEqual(handler.failures, [], 'the handler refused a delivery');
    const event = handler.events.find((e) => e.type === type && e.data.object.id === objectId && where(e));
    if (event) return event;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${type} for ${objectId} never reached the handler (got ${handler.events.map((e) => e.type).join(', ') || 'nothing'})`);
}

module.exports = { stripe, startHandler, received };
