// What time does to subscriptions, through the official stripe-node SDK and test clocks (issue 15), each path on a
// clock of its own, every event it names verified by a loopback webhook handler (stripe.webhooks.constructEvent):
// an unanswered renewal attempt fails at the retry → past_due → the retry is paid → active; an unpaid renewal runs
// out of retries → canceled (the default end); an unpaid first invoice → incomplete_expired after 23 hours; a trial →
// trial_will_end → the first paid invoice at its end; cancel_at_period_end → canceled at the period end.
'use strict';
const assert = require('node:assert/strict');
const Stripe = require('stripe');
const { stripe, startHandler, received } = require('./loopback-handler');
const { JAN31, HOUR, DAY, monthsAfterJan31, advance, monthlyPrice, customerOnClock, payInvoice } = require('./clock-kit');

// A subscription whose first invoice is paid: active, the custom payment method as its default.
async function activeSubscription(price, customer, pm) {
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id,
    payment_behavior: 'default_incomplete', expand: ['latest_invoice'],
  });
  await payInvoice(subscription.latest_invoice, customer, pm);
  assert.equal((await stripe.subscriptions.retrieve(subscription.id)).status, 'active');
  return subscription;
}

async function retriedThenPaid(handler, price) {
  const { clock, customer, pm } = await customerOnClock('retry@example.com');
  const subscription = await activeSubscription(price, customer, pm);

  // Feb 28: the renewal; an hour later it is finalized (attempt 1), which nobody answers. Three days later (the
  // default schedule) attempt 1 has failed and attempt 2 is asked for.
  const secondAttempt = monthsAfterJan31(1) + HOUR + 3 * DAY;
  await advance(clock.id, secondAttempt + HOUR);
  const renewed = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
  const renewal = renewed.latest_invoice;
  assert.equal(renewed.status, 'past_due');
  assert.deepEqual([renewal.billing_reason, renewal.status, renewal.attempted, renewal.attempt_count, renewal.next_payment_attempt],
    ['subscription_cycle', 'open', true, 2, secondAttempt + 5 * DAY]);
  const failed = await received(handler, 'invoice.payment_failed', renewal.id);
  assert.equal(failed.created, secondAttempt);
  await received(handler, 'customer.subscription.updated', subscription.id, (e) => e.data.object.status === 'past_due');
  const retry = await received(handler, 'invoice.payment_attempt_required', renewal.id, (e) => e.created === secondAttempt);
  assert.equal(retry.data.object.amount_due, 2500);

  // The processor's retry succeeds: paid, active again.
  await payInvoice(renewal, customer, pm);
  assert.equal((await stripe.invoices.retrieve(renewal.id)).status, 'paid');
  assert.equal((await stripe.subscriptions.retrieve(subscription.id)).status, 'active');
  await received(handler, 'customer.subscription.updated', subscription.id,
    (e) => e.data.object.status === 'active' && e.data.previous_attributes && e.data.previous_attributes.status === 'past_due');
}

async function retriesRunOut(handler, price) {
  const { clock, customer, pm } = await customerOnClock('exhausted@example.com');
  const subscription = await activeSubscription(price, customer, pm);

  // Attempts at the finalize (+1 h), +3, +5 and +7 days, then the last one's 7 days of grace: the default end, canceled.
  await advance(clock.id, monthsAfterJan31(1) + 25 * DAY);
  const ended = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
  assert.deepEqual([ended.status, ended.cancellation_details.reason], ['canceled', 'payment_failed']);
  const renewal = ended.latest_invoice;
  assert.deepEqual([renewal.billing_reason, renewal.status, renewal.attempt_count, renewal.next_payment_attempt],
    ['subscription_cycle', 'open', 4, null]);
  await received(handler, 'customer.subscription.deleted', subscription.id);
  await received(handler, 'invoice.payment_failed', renewal.id, (e) => e.data.object.attempt_count === 4);
}

async function incompleteExpires(handler, price) {
  const { clock, customer } = await customerOnClock('incomplete@example.com');
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete',
  });
  assert.equal(subscription.status, 'incomplete');

  await advance(clock.id, JAN31 + 22 * HOUR);
  assert.equal((await stripe.subscriptions.retrieve(subscription.id)).status, 'incomplete');
  await advance(clock.id, JAN31 + 24 * HOUR);
  const expired = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
  assert.deepEqual([expired.status, expired.ended_at, expired.latest_invoice.status], ['incomplete_expired', JAN31 + 23 * HOUR, 'void']);
  await received(handler, 'customer.subscription.updated', subscription.id, (e) => e.data.object.status === 'incomplete_expired');
}

async function trialThenCancelAtPeriodEnd(handler, price) {
  const { clock, customer, pm } = await customerOnClock('trial@example.com');
  const trialEnd = JAN31 + 14 * DAY;
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id, trial_period_days: 14, expand: ['latest_invoice'],
  });
  assert.deepEqual([subscription.status, subscription.trial_end], ['trialing', trialEnd]);
  assert.deepEqual([subscription.latest_invoice.billing_reason, subscription.latest_invoice.amount_due, subscription.latest_invoice.status],
    ['subscription_create', 0, 'paid']);

  // Three days before the end: trial_will_end; at the end the first paid invoice, finalized an hour later.
  await advance(clock.id, trialEnd + 2 * HOUR);
  const willEnd = await received(handler, 'customer.subscription.trial_will_end', subscription.id);
  assert.deepEqual([willEnd.created, willEnd.data.object.status], [trialEnd - 3 * DAY, 'trialing']);
  const active = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
  assert.equal(active.status, 'active');
  const first = active.latest_invoice;
  assert.deepEqual([first.billing_reason, first.amount_due, first.status, first.lines.data[0].period.start],
    ['subscription_cycle', 2500, 'open', trialEnd]);
  await received(handler, 'invoice.payment_attempt_required', first.id);
  await payInvoice(first, customer, pm);
  assert.equal((await stripe.invoices.retrieve(first.id)).status, 'paid');

  // Cancel at period end: canceled then, no renewal invoice.
  const periodEnd = Date.UTC(2027, 2, 14) / 1000;
  const cancelling = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
  assert.equal(cancelling.cancel_at_period_end, true);
  await advance(clock.id, periodEnd + HOUR);
  const canceled = await stripe.subscriptions.retrieve(subscription.id);
  assert.deepEqual([canceled.status, canceled.ended_at], ['canceled', periodEnd]);
  const deleted = await received(handler, 'customer.subscription.deleted', subscription.id);
  assert.equal(deleted.created, periodEnd);
  const invoices = [];
  for await (const invoice of stripe.invoices.list({ customer: customer.id, limit: 100 })) invoices.push(invoice);
  assert.equal(invoices.length, 2);
}

async function main() {
  const handler = await startHandler();
  try {
    const endpoint = await stripe.webhookEndpoints.create({
      url: handler.url,
      enabled_events: ['invoice.payment_attempt_required', 'invoice.payment_failed', 'customer.subscription.updated',
        'customer.subscription.deleted', 'customer.subscription.trial_will_end'],
      api_version: Stripe.API_VERSION,
    });
    handler.secret = endpoint.secret;
    const price = await monthlyPrice();
    await retriedThenPaid(handler, price);
    await retriesRunOut(handler, price);
    await incompleteExpires(handler, price);
    await trialThenCancelAtPeriodEnd(handler, price);
  } finally {
    handler.server.close();
    handler.server.closeAllConnections();
  }
  console.log('stripe-node test clock lifecycle ok');
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
