// Billing credits through the official stripe-node SDK (issue 16, docs/endpoints-billing-credits.md): a customer on a
// test clock with a licensed base fee and a metered price backed by a meter; a grant created without category (paid)
// and a promotional one with a lower priority number; the renewal finalized as the clock passes the period end takes
// the promotional credits first, then the paid ones, on the metered line only; the summary and the ledger agree;
// voiding the invoice gives the credits back; an unused grant is voided, another expired.
'use strict';
const assert = require('node:assert/strict');
const { stripe } = require('./loopback-handler');
const { advance, JAN31 } = require('./clock-kit');

const FEB28 = Date.UTC(2027, 1, 28) / 1000;

function grant(customer, value, extra = {}) {
  return stripe.billing.creditGrants.create({
    customer, amount: { type: 'monetary', monetary: { currency: 'usd', value } },
    applicability_config: { scope: { price_type: 'metered' } }, ...extra,
  });
}

async function balance(customer) {
  const summary = await stripe.billing.creditBalanceSummary.retrieve({
    customer, filter: { type: 'applicability_scope', applicability_scope: { price_type: 'metered' } },
  });
  assert.equal(summary.object, 'billing.credit_balance_summary');
  const [usd] = summary.balances;
  return [usd.ledger_balance.monetary.value, usd.available_balance.monetary.value];
}

async function main() {
  const product = await stripe.products.create({ name: 'API calls' });
  const base = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
  const meter = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'node_api_call', default_aggregation: { formula: 'sum' } });
  const metered = await stripe.prices.create({
    product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
  });
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN31 });
  const customer = await stripe.customers.create({ test_clock: clock.id });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: base.id }, { price: metered.id }], collection_method: 'send_invoice', days_until_due: 30,
  });
  await stripe.invoices.pay(subscription.latest_invoice, { paid_out_of_band: true });
  // One unit of usage in the first period: the renewal bills it in arrears (1 × 1500), which the credits reduce.
  await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: JAN31 });

  const paid = await grant(customer.id, 1000);
  assert.equal(paid.object, 'billing.credit_grant');
  assert.deepEqual([paid.category, paid.priority, paid.effective_at, paid.test_clock], ['paid', 50, JAN31, clock.id]);
  const promo = await grant(customer.id, 300, { category: 'promotional', priority: 10, name: 'Welcome' });
  const unused = await grant(customer.id, 400, { metadata: { reason: 'goodwill' } });
  const expiring = await grant(customer.id, 200);
  assert.deepEqual(await balance(customer.id), [1900, 1900]);
  const voided = await stripe.billing.creditGrants.voidGrant(unused.id);
  assert.equal(voided.voided_at, JAN31);
  const expired = await stripe.billing.creditGrants.expire(expiring.id);
  assert.equal(expired.expires_at, JAN31);
  assert.deepEqual(await balance(customer.id), [1300, 1300]);

  await advance(clock.id, FEB28 + 2 * 3600);
  const invoices = await stripe.invoices.list({ subscription: subscription.id });
  const renewal = invoices.data.find((i) => i.billing_reason === 'subscription_cycle');
  assert.equal(renewal.status, 'open');
  const meteredLine = renewal.lines.data.find((l) => l.pricing.price_details.price === metered.id);
  const baseLine = renewal.lines.data.find((l) => l.pricing.price_details.price === base.id);
  assert.deepEqual(baseLine.pretax_credit_amounts, []);
  assert.deepEqual(meteredLine.pretax_credit_amounts.map((c) => [c.type, c.amount]), [['credit_balance_transaction', 300], ['credit_balance_transaction', 1000]]);
  assert.deepEqual([renewal.subtotal, renewal.total, renewal.amount_due], [3500, 2200, 2200]);
  const grantsApplied = [];
  for (const c of renewal.total_pretax_credit_amounts) {
    const txn = await stripe.billing.creditBalanceTransactions.retrieve(c.credit_balance_transaction);
    assert.deepEqual([txn.type, txn.debit.type, txn.debit.credits_applied.invoice, txn.debit.credits_applied.invoice_line_item], ['debit', 'credits_applied', renewal.id, meteredLine.id]);
    grantsApplied.push(txn.credit_grant);
  }
  assert.deepEqual(grantsApplied, [promo.id, paid.id]);
  assert.deepEqual(await balance(customer.id), [0, 0]);

  await stripe.invoices.voidInvoice(renewal.id);
  assert.deepEqual(await balance(customer.id), [1300, 1300]);
  const ledger = [];
  for await (const txn of stripe.billing.creditBalanceTransactions.list({ customer: customer.id, limit: 100 })) ledger.push(txn);
  const net = ledger.reduce((sum, t) => sum + (t.type === 'credit' ? t.credit.amount.monetary.value : -t.debit.amount.monetary.value), 0);
  assert.equal(net, 1300);
  assert.equal(ledger.filter((t) => t.type === 'credit' && t.credit.type === 'credits_application_invoice_voided').length, 2);
  const grants = await stripe.billing.creditGrants.list({ customer: customer.id });
  assert.equal(grants.data.length, 4);
  console.log('stripe-node billing credits ok');
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
