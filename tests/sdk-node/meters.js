// Meters and usage billing through the official stripe-node SDK (issue 16): a meter's lifecycle, meter events (a
// repeated identifier refused with Stripe's message, also when sent concurrently; the timestamp window), event
// summaries, meter event adjustments (a canceled event counts nowhere), a metered subscription on a test clock
// whose renewal invoice bills the period's usage in arrears, and the flat fee and overages guide's tiered price.
'use strict';
const assert = require('node:assert/strict');
const { stripe } = require('./loopback-handler');
const { advance } = require('./clock-kit');

const MAR1 = Date.UTC(2027, 2, 1) / 1000;
const APR1 = Date.UTC(2027, 3, 1) / 1000;
const DAY = 86400;

async function meterLifecycle() {
  const meter = await stripe.billing.meters.create({
    display_name: 'Tokens', event_name: 'tokens', default_aggregation: { formula: 'sum' },
    customer_mapping: { type: 'by_id', event_payload_key: 'account' }, value_settings: { event_payload_key: 'tokens' },
  });
  assert.equal(meter.object, 'billing.meter');
  assert.match(meter.id, /^mtr_/);
  assert.deepEqual([meter.customer_mapping.event_payload_key, meter.value_settings.event_payload_key], ['account', 'tokens']);
  assert.equal((await stripe.billing.meters.update(meter.id, { display_name: 'LLM tokens' })).display_name, 'LLM tokens');
  const off = await stripe.billing.meters.deactivate(meter.id);
  assert.equal(off.status, 'inactive');
  assert.equal(typeof off.status_transitions.deactivated_at, 'number');
  const on = await stripe.billing.meters.reactivate(meter.id);
  assert.equal(on.status, 'active');
  const listed = [];
  for await (const m of stripe.billing.meters.list({ status: 'active' })) listed.push(m.id);
  assert.deepEqual(listed, [meter.id]);
  return meter;
}

async function meterEvents(meter) {
  const customer = await stripe.customers.create({ email: 'tokens@example.com' });
  const now = Math.floor(Date.now() / 1000);
  const hour = now - (now % 3600) - 3600;
  const send = (tokens, identifier, timestamp = hour + 60) =>
    stripe.billing.meterEvents.create({ event_name: 'tokens', payload: { account: customer.id, tokens: String(tokens) }, identifier, timestamp });
  const event = await send(40, 'evt-1');
  assert.deepEqual([event.object, event.identifier, event.payload.tokens], ['billing.meter_event', 'evt-1', '40']);
  await assert.rejects(send(40, 'evt-1'), (err) => err.type === 'StripeInvalidRequestError' && err.message === 'An event already exists with identifier evt-1');
  // Concurrent repeats of one identifier: one is recorded, the others refused.
  const raced = await Promise.allSettled(Array.from({ length: 8 }, () => send(2, 'raced')));
  assert.equal(raced.filter((r) => r.status === 'fulfilled').length, 1);
  // An event sent in error, canceled by its identifier: the summaries below leave its 100 tokens out.
  await send(100, 'typo');
  const adjustment = await stripe.billing.meterEventAdjustments.create({ event_name: 'tokens', type: 'cancel', cancel: { identifier: 'typo' } });
  assert.deepEqual(adjustment, {
    object: 'billing.meter_event_adjustment', cancel: { identifier: 'typo' }, event_name: 'tokens', livemode: false, status: 'pending', type: 'cancel',
  });
  await assert.rejects(stripe.billing.meterEventAdjustments.create({ event_name: 'tokens', type: 'cancel', cancel: { identifier: 'never-sent' } }),
    (err) => err.statusCode === 404 && err.code === 'resource_missing' && err.param === 'cancel[identifier]');
  await assert.rejects(send(1, 'old', now - 36 * DAY), (err) => err.param === 'timestamp');
  await assert.rejects(send(1, 'future', now + 600), (err) => err.param === 'timestamp');
  const summaries = await stripe.billing.meters.listEventSummaries(meter.id, {
    customer: customer.id, start_time: hour, end_time: hour + 7200, value_grouping_window: 'hour',
  });
  assert.deepEqual(summaries.data.map((s) => [s.object, s.start_time, s.aggregated_value]),
    [['billing.meter_event_summary', hour + 3600, 0], ['billing.meter_event_summary', hour, 42]]);
}

async function meteredRenewal() {
  const meter = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_call', default_aggregation: { formula: 'count' } });
  const price = await stripe.prices.create({
    product_data: { name: 'API' }, currency: 'usd', unit_amount: 5,
    recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
  });
  assert.deepEqual([price.recurring.usage_type, price.recurring.meter], ['metered', meter.id]);
  await assert.rejects(stripe.prices.create({ product: price.product, currency: 'usd', unit_amount: 5, recurring: { interval: 'month', usage_type: 'metered' } }),
    (err) => err.statusCode === 400);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: MAR1 });
  const customer = await stripe.customers.create({ email: 'metered@example.com', test_clock: clock.id });
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 30 });
  // Flexible billing mode: a subscription of metered items only has nothing to bill yet, so no first invoice.
  assert.deepEqual([subscription.latest_invoice, subscription.status], [null, 'active']);
  await advance(clock.id, MAR1 + 20 * DAY);
  for (let i = 0; i < 3; i++) {
    await stripe.billing.meterEvents.create({ event_name: 'api_call', payload: { stripe_customer_id: customer.id }, timestamp: MAR1 + (10 + i) * DAY });
  }
  // A fourth call reported twice by mistake: the duplicate, canceled, is neither previewed nor billed.
  await stripe.billing.meterEvents.create({ event_name: 'api_call', payload: { stripe_customer_id: customer.id }, identifier: 'dup', timestamp: MAR1 + 19 * DAY });
  await stripe.billing.meterEventAdjustments.create({ event_name: 'api_call', type: 'cancel', cancel: { identifier: 'dup' } });
  const preview = await stripe.invoices.createPreview({ subscription: subscription.id });
  assert.deepEqual([preview.lines.data[0].quantity, preview.lines.data[0].amount], [3, 15]);
  await advance(clock.id, APR1 + 7200);
  const invoices = [];
  for await (const invoice of stripe.invoices.list({ customer: customer.id })) invoices.push(invoice);
  const renewal = invoices.find((i) => i.billing_reason === 'subscription_cycle');
  assert.equal(renewal.status, 'open');
  const line = renewal.lines.data[0];
  assert.deepEqual([line.quantity, line.amount, line.period.start, line.period.end, renewal.amount_due], [3, 15, MAR1, APR1, 15]);
}

// Stripe's flat fee and overages guide: a graduated tiered metered price (the first 1,000 free, then 4 cents each).
async function tieredOverages() {
  const meter = await stripe.billing.meters.create({
    display_name: 'Hypernian tokens', event_name: 'hypernian_tokens', default_aggregation: { formula: 'sum' },
    customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' }, value_settings: { event_payload_key: 'value' },
  });
  const product = await stripe.products.create({ description: 'Usage fees for Hypernian', name: 'Hypernian Usage' });
  const price = await stripe.prices.create({
    product: product.id, currency: 'usd', billing_scheme: 'tiered',
    recurring: { interval: 'month', interval_count: 1, usage_type: 'metered', meter: meter.id },
    tiers: [
      { flat_amount_decimal: '0', unit_amount_decimal: '0', up_to: 1000 },
      { flat_amount_decimal: '0', unit_amount_decimal: '4', up_to: 'inf' },
    ],
    tiers_mode: 'graduated',
  });
  assert.deepEqual([price.billing_scheme, price.tiers_mode, price.unit_amount, 'tiers' in price], ['tiered', 'graduated', null, false]);
  const expanded = await stripe.prices.retrieve(price.id, { expand: ['tiers'] });
  assert.deepEqual(expanded.tiers.map((t) => [t.up_to, t.unit_amount]), [[1000, 0], [null, 4]]);
  const customer = await stripe.customers.create({ name: 'John Doe' });
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  await stripe.billing.meterEvents.create({ event_name: 'hypernian_tokens', payload: { stripe_customer_id: customer.id, value: '3000' } });
  const preview = await stripe.invoices.createPreview({ subscription: subscription.id });
  const line = preview.lines.data[0];
  assert.deepEqual([line.quantity, line.amount, line.pricing.unit_amount_decimal, preview.amount_due], [3000, 8000, null, 8000]);
}

(async () => {
  const meter = await meterLifecycle();
  await meterEvents(meter);
  await meteredRenewal();
  await tieredOverages();
  console.log('stripe-node meters ok');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
