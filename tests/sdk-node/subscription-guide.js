// Stripe's guide "Integrate with third-party payment processors" (own processor), its subscription part, through the
// official stripe-node SDK: the subscription created default_incomplete (incomplete, open first invoice); the
// synchronous outcome of the "Record payment" step (custom payment method created, attached, set as the
// subscription's default; payment reported guaranteed with it and attached: invoice paid, subscription active); the
// asynchronous outcome on a second subscription (reported initiated and attached, then failed: invoice open,
// subscription still incomplete; the retry found with invoicePayments.list({payment: {type: 'payment_record'}}) and
// reported on the same record: paid, active). A loopback handler verifies every customer.subscription.* and
// invoice.paid event with stripe.webhooks.constructEvent. Host, port and key come from the environment.
'use strict';
const assert = require('node:assert/strict');
const Stripe = require('stripe');
const { stripe, startHandler, received } = require('./loopback-handler');

async function main() {
  const handler = await startHandler();
  try {
    await subscriptionGuide(handler);
  } finally {
    handler.server.close();
    handler.server.closeAllConnections();
  }
  console.log('stripe-node subscription guide ok');
}

// "Create a new Customer ... then use it and the selected price to create a Subscription."
async function newSubscription(price, email) {
  const customer = await stripe.customers.create({ email, name: 'Subscriber' });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice'],
  });
  // "At this point the subscription is incomplete with an open invoice."
  assert.equal(subscription.status, 'incomplete');
  assert.equal(subscription.latest_invoice.status, 'open');
  assert.equal(subscription.latest_invoice.billing_reason, 'subscription_create');
  assert.equal(subscription.latest_invoice.parent.subscription_details.subscription, subscription.id);
  return { customer, subscription };
}

// The "Record payment" step up to the report: the custom payment method, attached, the subscription's default.
async function customPaymentMethodFor(customer, subscription) {
  const paymentMethod = await stripe.paymentMethods.create({
    type: 'custom', custom: { type: 'cpmt_guide_subscriptions' }, metadata: { agreement_id: 'agr_' + customer.id },
  });
  await stripe.paymentMethods.attach(paymentMethod.id, { customer: customer.id });
  const updated = await stripe.subscriptions.update(subscription.id, { default_payment_method: paymentMethod.id });
  assert.equal(updated.default_payment_method, paymentMethod.id);
  return paymentMethod;
}

async function subscriptionGuide(handler) {
  const now = Math.floor(Date.now() / 1000);
  const endpoint = await stripe.webhookEndpoints.create({
    url: handler.url,
    enabled_events: ['customer.subscription.created', 'customer.subscription.updated', 'invoice.paid'],
    api_version: Stripe.API_VERSION,
  });
  handler.secret = endpoint.secret;
  const product = await stripe.products.create({ name: 'Gold plan' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' } });

  // Synchronous payment outcome.
  const first = await newSubscription(price, 'sync@example.com');
  await received(handler, 'customer.subscription.created', first.subscription.id);
  const pm = await customPaymentMethodFor(first.customer, first.subscription);
  const record = await stripe.paymentRecords.reportPayment({
    amount_requested: { value: first.subscription.latest_invoice.amount_due, currency: 'usd' },
    payment_method_details: { payment_method: pm.id },
    customer_details: { customer: first.customer.id },
    initiated_at: now,
    customer_presence: 'on_session',
    processor_details: { type: 'custom', custom: { payment_reference: 'sync-' + now } },
    outcome: 'guaranteed',
    guaranteed: { guaranteed_at: now },
  });
  const paid = await stripe.invoices.attachPayment(first.subscription.latest_invoice.id, { payment_record: record.id });
  // "Attaching a payment record to the invoice marks it as paid and transitions the associated subscription to active."
  assert.equal(paid.status, 'paid');
  const active = await stripe.subscriptions.retrieve(first.subscription.id);
  assert.equal(active.status, 'active');
  assert.equal(active.default_payment_method, pm.id);
  await received(handler, 'invoice.paid', paid.id);
  // The update that set the default payment method came first; this one carries the status change.
  const activated = await received(handler, 'customer.subscription.updated', first.subscription.id,
    (e) => e.data.previous_attributes && 'status' in e.data.previous_attributes);
  assert.equal(activated.data.object.status, 'active');
  assert.equal(activated.data.previous_attributes.status, 'incomplete');

  // Asynchronous payment outcome: initiated and attached, then failed, then retried on the same record.
  const second = await newSubscription(price, 'async@example.com');
  const pm2 = await customPaymentMethodFor(second.customer, second.subscription);
  const initiated = await stripe.paymentRecords.reportPayment({
    amount_requested: { value: second.subscription.latest_invoice.amount_due, currency: 'usd' },
    payment_method_details: { payment_method: pm2.id },
    customer_details: { customer: second.customer.id },
    initiated_at: now,
    customer_presence: 'on_session',
    processor_details: { type: 'custom', custom: { payment_reference: 'async-' + now } },
  });
  const pending = await stripe.invoices.attachPayment(second.subscription.latest_invoice.id, { payment_record: initiated.id });
  assert.equal(pending.status, 'open');
  await stripe.paymentRecords.reportPaymentAttemptFailed(initiated.id, { failed_at: now });
  // "When a failed payment is reported, the invoice remains open. If the Subscription was created in an incomplete
  // status, it remains incomplete until successful payment is reported."
  assert.equal((await stripe.invoices.retrieve(pending.id)).status, 'open');
  assert.equal((await stripe.subscriptions.retrieve(second.subscription.id)).status, 'incomplete');

  const invoicePayments = await stripe.invoicePayments.list({ invoice: pending.id, payment: { type: 'payment_record' } });
  assert.equal(invoicePayments.data.length, 1);
  assert.equal(invoicePayments.data[0].payment.payment_record, initiated.id);
  await stripe.paymentRecords.reportPaymentAttempt(invoicePayments.data[0].payment.payment_record, {
    initiated_at: now,
    payment_method_details: { payment_method: pm2.id },
    outcome: 'guaranteed',
    guaranteed: { guaranteed_at: now },
  });
  assert.equal((await stripe.invoices.retrieve(pending.id)).status, 'paid');
  assert.equal((await stripe.subscriptions.retrieve(second.subscription.id)).status, 'active');
  await received(handler, 'invoice.paid', pending.id);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
