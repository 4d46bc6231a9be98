// Stripe's guide "Set up usage-based alerts" through the official stripe-node SDK: a meter, a one-time usage alert for
// one customer (the guide's own call), meter events until the customer's usage reaches the threshold, and
// billing.alert.triggered reaching a loopback webhook handler that verifies it with stripe.webhooks.constructEvent;
// then the alert's list, status moves and archive. Host, port and key come from the environment.
'use strict';
const assert = require('node:assert/strict');
const Stripe = require('stripe');
const { stripe, startHandler, received } = require('./loopback-handler');

async function main() {
  const handler = await startHandler();
  try {
    await guide(handler);
  } finally {
    handler.server.close();
    handler.server.closeAllConnections();
  }
  console.log('stripe-node alerts ok');
}

async function guide(handler) {
  const endpoint = await stripe.webhookEndpoints.create({
    url: handler.url, enabled_events: ['billing.alert.triggered'], api_version: Stripe.API_VERSION,
  });
  handler.secret = endpoint.secret;

  // "You must create a meter before you create an alert."
  const meter = await stripe.billing.meters.create({
    display_name: 'API requests', event_name: 'api_requests', default_aggregation: { formula: 'sum' },
  });
  const customer = await stripe.customers.create({ email: 'alerts@example.com' });

  // The guide's call.
  const alert = await stripe.billing.alerts.create({
    title: 'Sample alert',
    alert_type: 'usage_threshold',
    usage_threshold: {
      filters: [{ type: 'customer', customer: customer.id }],
      meter: meter.id,
      gte: 100,
      recurrence: 'one_time',
    },
  });
  assert.match(alert.id, /^alrt_/);
  assert.deepEqual(alert, {
    id: alert.id, object: 'billing.alert', alert_type: 'usage_threshold', livemode: false, status: 'active', title: 'Sample alert',
    usage_threshold: { filters: [{ customer: customer.id, type: 'customer' }], gte: 100, meter: meter.id, recurrence: 'one_time' },
  });

  // Usage below the threshold, then the request that reaches it.
  const report = (value) => stripe.billing.meterEvents.create({
    event_name: 'api_requests', payload: { stripe_customer_id: customer.id, value: String(value) },
  });
  await report(60);
  await report(45);
  const event = await received(handler, 'billing.alert.triggered', undefined, (e) => e.data.object.customer === customer.id);
  const triggered = event.data.object;
  assert.equal(triggered.object, 'billing.alert_triggered');
  assert.equal(triggered.value, 105);
  assert.equal(triggered.alert.id, alert.id);
  assert.equal(triggered.alert.usage_threshold.gte, 100);
  assert.equal(typeof triggered.created, 'number');
  // One time per customer, regardless of future usage (a second firing would follow within milliseconds).
  await report(500);
  await new Promise((r) => setTimeout(r, 1000));
  const listed = await stripe.events.list({ type: 'billing.alert.triggered' });
  assert.equal(listed.data.filter((e) => e.data.object.alert.id === alert.id).length, 1);

  // The alert's own calls.
  const retrieved = await stripe.billing.alerts.retrieve(alert.id, { expand: ['usage_threshold.meter'] });
  assert.equal(retrieved.usage_threshold.meter.id, meter.id);
  assert.equal((await stripe.billing.alerts.deactivate(alert.id)).status, 'inactive');
  assert.equal((await stripe.billing.alerts.activate(alert.id)).status, 'active');
  const ids = [];
  for await (const a of stripe.billing.alerts.list({ meter: meter.id })) ids.push(a.id);
  assert.deepEqual(ids, [alert.id]);
  assert.equal((await stripe.billing.alerts.archive(alert.id)).status, 'archived');
  assert.deepEqual((await stripe.billing.alerts.list({ meter: meter.id })).data, []);
  await assert.rejects(stripe.billing.alerts.activate(alert.id), (err) => err.type === 'StripeInvalidRequestError' && err.statusCode === 400);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
