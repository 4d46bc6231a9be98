// Time through the official stripe-node SDK (issue 15): a test clock drives a year of monthly renewals (12 invoices,
// the month ends from an anchor on the 31st), and Stripe's third-party-processor guide continues past the first
// payment: advance past the period end → the renewal is finalized → invoice.payment_attempt_required reaches a
// loopback handler that verifies it with stripe.webhooks.constructEvent → the processor's attempt fails (reported on
// a payment record attached to the renewal) → past_due → a new attempt on the same record → paid → active.
'use strict';
const assert = require('node:assert/strict');
const Stripe = require('stripe');
const { stripe, startHandler, received } = require('./loopback-handler');
const { JAN31, monthsAfterJan31, advance, monthlyPrice } = require('./clock-kit');

async function yearOfRenewals(price) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN31, name: 'a year' });
  assert.equal(clock.object, 'test_helpers.test_clock');
  const customer = await stripe.customers.create({ email: 'year@example.com', test_clock: clock.id });
  assert.equal(customer.test_clock, clock.id);
  await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 30 });
  for (const to of [monthsAfterJan31(2), monthsAfterJan31(4), monthsAfterJan31(6), monthsAfterJan31(8), monthsAfterJan31(10),
    Date.UTC(2028, 0, 1, 2) / 1000]) {
    await advance(clock.id, to);
  }
  const invoices = [];
  for await (const invoice of stripe.invoices.list({ customer: customer.id, limit: 100 })) invoices.push(invoice);
  invoices.sort((a, b) => a.created - b.created);
  assert.equal(invoices.length, 12);
  invoices.forEach((invoice, k) => {
    const line = invoice.lines.data[0];
    assert.deepEqual([line.period.start, line.period.end], [monthsAfterJan31(k), monthsAfterJan31(k + 1)]);
    assert.equal(invoice.amount_due, 2500);
    assert.equal(invoice.status, 'open');
    assert.equal(invoice.billing_reason, k === 0 ? 'subscription_create' : 'subscription_cycle');
  });
}

async function guideContinued(handler, price) {
  const now = Math.floor(Date.now() / 1000);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN31 });
  const customer = await stripe.customers.create({ email: 'renewal@example.com', test_clock: clock.id });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' }, expand: ['latest_invoice'],
  });
  const pm = await stripe.paymentMethods.create({ type: 'custom', custom: { type: 'cpmt_guide_renewals' } });
  await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  await stripe.subscriptions.update(subscription.id, { default_payment_method: pm.id });
  const first = await stripe.paymentRecords.reportPayment({
    amount_requested: { value: 2500, currency: 'usd' }, payment_method_details: { payment_method: pm.id },
    customer_details: { customer: customer.id }, initiated_at: now, customer_presence: 'on_session',
    outcome: 'guaranteed', guaranteed: { guaranteed_at: now },
  });
  await stripe.invoices.attachPayment(subscription.latest_invoice.id, { payment_record: first.id });
  assert.equal((await stripe.subscriptions.retrieve(subscription.id)).status, 'active');

  // Past the period end and the hour after it: the renewal is finalized; "Stripe sends [invoice.payment_attempt_required]
  // when a new invoice is finalized and requires payment through your custom payment method".
  await advance(clock.id, monthsAfterJan31(1) + 7200);
  const renewed = await stripe.subscriptions.retrieve(subscription.id);
  const renewal = await stripe.invoices.retrieve(renewed.latest_invoice);
  assert.equal(renewal.billing_reason, 'subscription_cycle');
  assert.equal(renewal.status, 'open');
  const required = await received(handler, 'invoice.payment_attempt_required', renewal.id);
  assert.equal(required.data.object.amount_due, 2500);

  // The webhook handler charges through the processor, reports the attempt and attaches it; the processor declines.
  const record = await stripe.paymentRecords.reportPayment({
    amount_requested: { value: required.data.object.amount_due, currency: 'usd' }, payment_method_details: { payment_method: pm.id },
    customer_details: { customer: customer.id }, initiated_at: now, customer_presence: 'off_session',
  });
  await stripe.invoices.attachPayment(renewal.id, { payment_record: record.id });
  await stripe.paymentRecords.reportPaymentAttemptFailed(record.id, { failed_at: now });
  await received(handler, 'invoice.payment_failed', renewal.id);
  assert.equal((await stripe.subscriptions.retrieve(subscription.id)).status, 'past_due');
  const failedInvoice = await stripe.invoices.retrieve(renewal.id);
  assert.equal(failedInvoice.attempt_count, 1);
  assert.equal(failedInvoice.attempted, true);

  // A new attempt on the same record succeeds.
  await stripe.paymentRecords.reportPaymentAttempt(record.id, {
    initiated_at: now, payment_method_details: { payment_method: pm.id }, outcome: 'guaranteed', guaranteed: { guaranteed_at: now },
  });
  assert.equal((await stripe.invoices.retrieve(renewal.id)).status, 'paid');
  assert.equal((await stripe.subscriptions.retrieve(subscription.id)).status, 'active');
  const back = await received(handler, 'customer.subscription.updated', subscription.id,
    (e) => e.data.object.status === 'active' && e.data.previous_attributes && e.data.previous_attributes.status === 'past_due');
  assert.equal(back.data.object.status, 'active');
}

async function main() {
  const handler = await startHandler();
  try {
    const endpoint = await stripe.webhookEndpoints.create({
      url: handler.url,
      enabled_events: ['invoice.payment_attempt_required', 'invoice.payment_failed', 'customer.subscription.updated'],
      api_version: Stripe.API_VERSION,
    });
    handler.secret = endpoint.secret;
    const price = await monthlyPrice();
    await yearOfRenewals(price);
    await guideContinued(handler, price);
  } finally {
    handler.server.close();
    handler.server.closeAllConnections();
  }
  console.log('stripe-node test clock renewals ok');
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
