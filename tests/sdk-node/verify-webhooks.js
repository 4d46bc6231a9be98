// Verifies webhook deliveries with the official stripe-node SDK, exactly as a handler would:
// stripe.webhooks.constructEvent(rawBody, stripeSignatureHeader, endpointSecret) with its default tolerance (300 s).
// Reads a JSON array of {body, signature, secret} on stdin; prints "verified N" or exits non-zero naming the failure.
'use strict';
const Stripe = require('stripe');

const stripe = new Stripe('sk_test_verify_only');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const deliveries = JSON.parse(input);
  let verified = 0;
  for (const d of deliveries) {
    const event = stripe.webhooks.constructEvent(d.body, d.signature, d.secret);
    if (!event.id || !event.id.startsWith('evt_')) throw new Error(`not an event: ${d.body.slice(0, 200)}`);
    verified++;
  }
  console.log(`verified ${verified}`);
});
