// The invoice → payment record → attach → refund → credit note flow through the official stripe-node SDK, then search,
// and a subscription's inline price, invoice items and billing cycle reset, pointed at this server. Host, port and key come from the environment; any failed check exits non-zero.
'use strict';
const assert = require('node:assert/strict');
const Stripe = require('stripe');

const stripe = new Stripe(process.env.STRIPE_KEY, {
  host: process.env.STRIPE_HOST, port: Number(process.env.STRIPE_PORT), protocol: 'http', maxNetworkRetries: 0,
});

async function main() {
  const now = Math.floor(Date.now() / 1000);
  const customer = await stripe.customers.create({ email: 'node@example.com', metadata: { sdk: 'stripe-node' } });
  assert.match(customer.id, /^cus_/);

  const draft = await stripe.invoices.create({ customer: customer.id, payment_settings: { payment_method_types: ['custom'] } });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 5000, currency: 'usd' });
  const withLines = await stripe.invoices.addLines(draft.id, {
    lines: [{ amount: 700, description: 'extra' }, { amount: 300, description: 'temporary' }],
  });
  const [extra, temporary] = withLines.lines.data;
  const edited = await stripe.invoices.updateLines(draft.id, { lines: [{ id: extra.id, description: 'extra (edited)' }] });
  assert.equal(edited.lines.data[0].description, 'extra (edited)');
  const line = await stripe.invoices.updateLineItem(draft.id, temporary.id, { amount: 350 });
  assert.equal(line.object, 'line_item');
  assert.equal(line.amount, 350);
  const trimmed = await stripe.invoices.removeLines(draft.id, { lines: [{ id: temporary.id, behavior: 'delete' }] });
  assert.equal(trimmed.total, 5700);
  const open = await stripe.invoices.finalizeInvoice(draft.id);
  assert.equal(open.status, 'open');
  assert.equal(open.amount_due, 5700);
  assert.equal(draft.hosted_invoice_url, null);
  assert.match(open.hosted_invoice_url, /^http:\/\/[^/]+\/i\/acct_[0-9a-f]{32}\/test_[A-Za-z0-9_-]+\?s=ap$/);
  const hosted = await fetch(open.hosted_invoice_url);
  assert.equal(hosted.status, 200);
  assert.match(await hosted.text(), /Invoice /);

  const record = await stripe.paymentRecords.reportPayment({
    amount_requested: { currency: 'usd', value: 5700 },
    initiated_at: now,
    payment_method_details: { type: 'custom', custom: { display_name: 'Wire' } },
    processor_details: { type: 'custom', custom: { payment_reference: 'wire-1' } },
    customer_details: { customer: customer.id },
  });
  assert.deepEqual(record.amount_guaranteed, { currency: 'usd', value: 0 });

  const attached = await stripe.invoices.attachPayment(open.id, { payment_record: record.id, expand: ['payments'] });
  assert.equal(attached.status, 'open');
  assert.equal(attached.payments.data[0].status, 'open');

  await stripe.paymentRecords.reportPaymentAttemptGuaranteed(record.id, { guaranteed_at: now });
  const paid = await stripe.invoices.retrieve(open.id, { expand: ['payments', 'customer'] });
  assert.equal(paid.status, 'paid');
  assert.equal(paid.amount_paid, 5700);
  assert.equal(paid.customer.email, 'node@example.com');

  const payments = await stripe.invoicePayments.list({ payment: { type: 'payment_record', payment_record: record.id } });
  assert.equal(payments.data.length, 1);
  assert.equal(payments.data[0].status, 'paid');

  const attempts = await stripe.paymentAttemptRecords.list({ payment_record: record.id });
  assert.equal(attempts.data[0].object, 'payment_attempt_record');

  const group = `refund-${now}-${Math.random().toString(36).slice(2)}`;
  const refunded = await stripe.paymentRecords.reportRefund(record.id, {
    outcome: 'refunded', refunded: { refunded_at: now },
    processor_details: { type: 'custom', custom: { refund_reference: group } },
    amount: { currency: 'usd', value: 1000 },
  });
  assert.deepEqual(refunded.amount_refunded, { currency: 'usd', value: 1000 });

  const creditNote = await stripe.creditNotes.create({
    invoice: open.id,
    refunds: [{ type: 'payment_record_refund', payment_record_refund: { payment_record: record.id, refund_group: group } }],
  });
  assert.equal(creditNote.amount, 1000);
  assert.equal(creditNote.type, 'post_payment');
  assert.equal(creditNote.refunds[0].payment_record_refund.refund_group, group);

  const types = [];
  for await (const event of stripe.events.list({ limit: 3 })) types.push(event.type);
  assert.ok(types.includes('credit_note.created') && types.includes('invoice.paid'), types.join(','));

  // Search: stripe-node's search result and its auto-pagination over next_page.
  const second = await stripe.customers.create({ metadata: { sdk: 'stripe-node' } });
  const page = await stripe.customers.search({ query: "metadata['sdk']:'stripe-node'", limit: 1 });
  assert.equal(page.object, 'search_result');
  assert.equal(page.has_more, true);
  const found = [];
  for await (const c of stripe.customers.search({ query: "metadata['sdk']:'stripe-node'", limit: 1 })) found.push(c.id);
  assert.deepEqual(found, [second.id, customer.id]);
  const paidInvoices = await stripe.invoices.search({ query: `customer:'${customer.id}' AND status:'paid'` });
  assert.deepEqual(paidInvoices.data.map((i) => i.id), [open.id]);
  await assert.rejects(stripe.customers.search({ query: "foo:'bar'" }), (e) => e.statusCode === 400 && e.param === 'query');

  // A subscription on an inline price; an item for it and an invoice for it; then its billing cycle restarted now.
  const product = await stripe.products.create({ name: 'Node seats' });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, payment_behavior: 'default_incomplete', expand: ['latest_invoice'],
    items: [{ price_data: { currency: 'usd', product: product.id, unit_amount: 900, recurring: { interval: 'month' } } }],
  });
  assert.equal(subscription.items.data[0].price.unit_amount, 900);
  const subPm = await stripe.paymentMethods.create({ type: 'custom', custom: { type: 'cpmt_node_flow' } });
  await stripe.paymentMethods.attach(subPm.id, { customer: customer.id });
  const subRecord = await stripe.paymentRecords.reportPayment({
    amount_requested: { currency: 'usd', value: 900 }, initiated_at: now, payment_method_details: { payment_method: subPm.id },
    customer_details: { customer: customer.id }, outcome: 'guaranteed', guaranteed: { guaranteed_at: now },
  });
  await stripe.invoices.attachPayment(subscription.latest_invoice.id, { payment_record: subRecord.id });
  const overage = await stripe.invoiceItems.create({ customer: customer.id, subscription: subscription.id, amount: 250 });
  assert.equal(overage.parent.subscription_details.subscription, subscription.id);
  const forSubscription = await stripe.invoices.create({ customer: customer.id, subscription: subscription.id });
  assert.equal(forSubscription.total, 250);
  await assert.rejects(stripe.invoices.create({ customer: customer.id, subscription: subscription.id }),
    (e) => e.code === 'invoice_no_subscription_line_items');
  const reset = await stripe.subscriptions.update(subscription.id, { billing_cycle_anchor: 'now', expand: ['latest_invoice'] });
  assert.equal(reset.latest_invoice.billing_reason, 'subscription_update');
  assert.equal(reset.billing_cycle_anchor, reset.items.data[0].current_period_start);

  await assert.rejects(stripe.invoices.voidInvoice(open.id), (e) => e.type === 'StripeInvalidRequestError' && e.statusCode === 400);
  await assert.rejects(stripe.customers.create({ bogus: 1 }), (e) => e.code === 'parameter_unknown' && e.param === 'bogus');
  console.log('stripe-node flow ok');
}

main().catch((e) => { console.error(e); process.exit(1); });
