// Stripe's guide "Integrate with third-party payment processors", steps 1-4, through the official stripe-node SDK:
// catalog, a custom payment method attached and set as the customer's default, a webhook endpoint pointing at a
// local loopback handler, a one-off charge_automatically invoice finalized with auto_advance on
// (invoice.payment_attempt_required reaches the handler, which verifies it with stripe.webhooks.constructEvent), the
// payment reported with the payment method, attached, and the invoice paid (invoice.paid reaches the handler too).
// Host, port and key come from the environment.
'use strict';
const assert = require('node:assert/strict');
const Stripe = require('stripe');
const { stripe, startHandler, received } = require('./loopback-handler');

async function main() {
  const now = Math.floor(Date.now() / 1000);
  const handler = await startHandler();
  try {
    await guide(now, handler);
  } finally {
    handler.server.close();
    handler.server.closeAllConnections();
  }
  console.log('stripe-node guide ok');
}

async function guide(now, handler) {

  // Catalog: a product and its price (the guide's first calls).
  const product = await stripe.products.create({ name: 'Gold plan' });
  assert.match(product.id, /^prod_/);
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' } });
  assert.equal(price.type, 'recurring');
  const withDefault = await stripe.products.update(product.id, { default_price: price.id, expand: ['default_price'] });
  assert.equal(withDefault.default_price.id, price.id);

  // 1. The customer.
  const customer = await stripe.customers.create({
    email: 'guide@example.com', name: 'Guide Customer',
    address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
    shipping: { name: 'Guide Customer', address: { line1: '1 Main St', city: 'Springfield', country: 'US' } },
  });

  // 2. A custom payment method of a Dashboard-made type.
  const pm = await stripe.paymentMethods.create({
    type: 'custom', custom: { type: 'cpmt_guide_processor' },
    billing_details: { name: 'Guide Customer', email: 'guide@example.com' }, metadata: { processor: 'acme' },
  });
  assert.equal(pm.type, 'custom');
  assert.equal(pm.custom.type, 'cpmt_guide_processor');

  // 3. Attached and made the customer's default.
  const attached = await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  assert.equal(attached.customer, customer.id);
  const updated = await stripe.customers.update(customer.id, {
    invoice_settings: { default_payment_method: pm.id }, expand: ['invoice_settings.default_payment_method'],
  });
  assert.equal(updated.invoice_settings.default_payment_method.id, pm.id);
  const listed = await stripe.customers.listPaymentMethods(customer.id, { type: 'custom' });
  assert.deepEqual(listed.data.map((m) => m.id), [pm.id]);

  // The handler that processes payments with the third-party processor listens for invoice.payment_attempt_required.
  const endpoint = await stripe.webhookEndpoints.create({
    url: handler.url, enabled_events: ['invoice.payment_attempt_required', 'invoice.paid'], api_version: Stripe.API_VERSION,
  });
  assert.match(endpoint.secret, /^whsec_/);
  handler.secret = endpoint.secret;

  // A one-off charge_automatically invoice with auto_advance on, finalized: payment_attempt_required is due.
  const draft = await stripe.invoices.create({
    customer: customer.id,
    collection_method: 'charge_automatically',
    auto_advance: true,
  });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 2500, currency: 'usd' });
  const open = await stripe.invoices.finalizeInvoice(draft.id);
  assert.equal(open.status, 'open');
  const events = await stripe.events.list({ type: 'invoice.payment_attempt_required' });
  assert.ok(events.data.some((e) => e.data.object.id === open.id), 'invoice.payment_attempt_required was not emitted');
  const required = await received(handler, 'invoice.payment_attempt_required', open.id);
  assert.equal(required.data.object.status, 'open');
  assert.equal(required.data.object.amount_due, 2500);
  assert.equal(required.data.object.collection_method, 'charge_automatically');

  // 4. The payment, processed outside Stripe, reported with the payment method, then attached.
  const record = await stripe.paymentRecords.reportPayment({
    amount_requested: { currency: 'usd', value: open.amount_due },
    payment_method_details: { payment_method: pm.id },
    customer_details: { customer: customer.id },
    initiated_at: now,
    customer_presence: 'off_session',
    processor_details: { type: 'custom', custom: { payment_reference: 'acme-' + now } },
    outcome: 'guaranteed',
    guaranteed: { guaranteed_at: now },
  });
  assert.equal(record.payment_method_details.payment_method, pm.id);
  assert.equal(record.payment_method_details.type, 'custom');
  assert.equal(record.payment_method_details.custom.type, 'cpmt_guide_processor');

  const paid = await stripe.invoices.attachPayment(open.id, { payment_record: record.id });
  assert.equal(paid.status, 'paid');
  assert.equal(paid.amount_paid, 2500);
  const paidEvent = await received(handler, 'invoice.paid', open.id);
  assert.equal(paidEvent.data.object.status, 'paid');

  const detached = await stripe.paymentMethods.detach(pm.id);
  assert.equal(detached.customer, null);
}

main().catch((err) => {
  console.error(err && err.raw ? JSON.stringify(err.raw) : err);
  process.exit(1);
});
