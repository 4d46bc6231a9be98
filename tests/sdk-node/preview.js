// Stripe's guide "Preview an invoice" through the official stripe-node SDK: one-off invoice items previewed for a
// visitor (no customer), the first invoice of a new subscription with one-off items, and the same for a customer,
// which the create then bills exactly; nothing of a preview is stored. Host, port and key come from the environment.
'use strict';
const assert = require('node:assert/strict');
const { stripe } = require('./loopback-handler');

async function main() {
  const product = await stripe.products.create({ name: 'Repair service' });
  const service = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 29900 });
  const material = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 9900 });
  const plan = await stripe.prices.create({
    product: product.id, currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' },
  });

  // The guide's first call: items 1 and 3, no customer.
  const oneOff = await stripe.invoices.createPreview({
    invoice_items: [{ price: service.id, quantity: 1 }, { price: material.id, quantity: 1 }],
  });
  assert.match(oneOff.id, /^upcoming_in_/);
  assert.equal(oneOff.customer, null);
  assert.equal(oneOff.status, 'draft');
  assert.equal(oneOff.amount_due, 39800);
  assert.deepEqual(oneOff.lines.data.map((l) => l.amount), [29900, 9900]);

  // "To preview the first invoice with a recurring price, use the subscription_details.items parameter".
  const first = await stripe.invoices.createPreview({
    subscription_details: { items: [{ price: plan.id, quantity: 1 }] },
    invoice_items: [{ price: service.id, quantity: 1 }],
  });
  assert.equal(first.amount_due, 34800);
  assert.deepEqual(first.lines.data.map((l) => l.amount), [29900, 4900]);

  // For a customer, then the create: the first invoice is what the preview showed.
  const customer = await stripe.customers.create({ email: 'preview@example.com' });
  const preview = await stripe.invoices.createPreview({
    customer: customer.id, subscription_details: { items: [{ price: plan.id, quantity: 2 }] },
  });
  assert.equal(preview.customer, customer.id);
  assert.equal(preview.billing_reason, 'upcoming');
  const none = await stripe.subscriptions.list({ customer: customer.id, status: 'all' });
  assert.equal(none.data.length, 0);
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: plan.id, quantity: 2 }], payment_behavior: 'default_incomplete',
    expand: ['latest_invoice'],
  });
  assert.equal(subscription.latest_invoice.amount_due, preview.amount_due);
  assert.deepEqual(subscription.latest_invoice.lines.data.map((l) => [l.amount, l.description]),
    preview.lines.data.map((l) => [l.amount, l.description]));
  console.log('stripe-node preview ok');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
