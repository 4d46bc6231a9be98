// Stripe's "Apply coupons" guide through the official stripe-node SDK: the guide's coupon (25.5% off for three months),
// a subscription created with it in discounts, its first invoice discounted, the subscription's discount expanded,
// coupon.created reaching a loopback webhook handler that verifies it with stripe.webhooks.constructEvent; then the
// discount removed (stripe.subscriptions.deleteDiscount), an amount-off coupon on a one-off invoice, and the coupon's
// update, list and delete. Host, port and key come from the environment.
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
  console.log('stripe-node coupons ok');
}

async function guide(handler) {
  const endpoint = await stripe.webhookEndpoints.create({
    url: handler.url, enabled_events: ['coupon.created', 'coupon.deleted'], api_version: Stripe.API_VERSION,
  });
  handler.secret = endpoint.secret;

  // The guide's coupon.
  const coupon = await stripe.coupons.create({ duration: 'repeating', duration_in_months: 3, percent_off: 25.5 });
  assert.equal(coupon.object, 'coupon');
  assert.equal(coupon.percent_off, 25.5);
  assert.equal(coupon.valid, true);
  const created = await received(handler, 'coupon.created', coupon.id);
  assert.equal(created.data.object.duration_in_months, 3);

  const customer = await stripe.customers.create({ email: 'coupons@example.com' });
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Basic' },
  });
  // "Apply coupons to subscriptions": discounts on create.
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete',
    discounts: [{ coupon: coupon.id }], expand: ['latest_invoice', 'discounts'],
  });
  const discount = subscription.discounts[0];
  assert.equal(discount.object, 'discount');
  assert.deepEqual(discount.source, { coupon: coupon.id, type: 'coupon' });
  assert.equal(discount.subscription, subscription.id);
  assert.equal(typeof discount.end, 'number');
  const invoice = subscription.latest_invoice;
  // 25.5% of 2000 = 510.
  assert.equal(invoice.subtotal, 2000);
  assert.deepEqual(invoice.total_discount_amounts, [{ amount: 510, discount: discount.id }]);
  assert.equal(invoice.total, 1490);
  assert.equal(invoice.amount_due, 1490);
  assert.equal((await stripe.coupons.retrieve(coupon.id)).times_redeemed, 1);

  const removed = await stripe.subscriptions.deleteDiscount(subscription.id);
  assert.equal(removed.id, discount.id);
  assert.equal(removed.deleted, true);
  assert.deepEqual((await stripe.subscriptions.retrieve(subscription.id)).discounts, []);

  // An amount-off coupon on a one-off invoice.
  const fiveOff = await stripe.coupons.create({ id: `FIVEOFF${Date.now()}`, amount_off: 500, currency: 'usd', name: 'Five off' });
  const draft = await stripe.invoices.create({ customer: customer.id, discounts: [{ coupon: fiveOff.id }] });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1200, currency: 'usd' });
  const discounted = await stripe.invoices.retrieve(draft.id, { expand: ['discounts'] });
  assert.equal(discounted.total, 700);
  assert.equal(discounted.discounts[0].source.coupon, fiveOff.id);
  assert.equal(discounted.lines.data[0].discount_amounts[0].amount, 500);

  // The coupon's own calls.
  assert.equal((await stripe.coupons.update(fiveOff.id, { name: 'Five dollars off' })).name, 'Five dollars off');
  const ids = [];
  for await (const c of stripe.coupons.list({ limit: 1 })) ids.push(c.id);
  assert.deepEqual(ids, [fiveOff.id, coupon.id]);
  assert.deepEqual(await stripe.coupons.del(coupon.id), { id: coupon.id, object: 'coupon', deleted: true });
  await received(handler, 'coupon.deleted', coupon.id);
  await assert.rejects(stripe.coupons.retrieve(coupon.id), (err) => err.type === 'StripeInvalidRequestError' && err.statusCode === 404);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
