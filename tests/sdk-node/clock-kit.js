// What the test clock scripts share: the anchor they start on (Jan 31, so month ends are exercised), the month ends
// Stripe bills from it, an advance polled until ready as Stripe's test clock docs do, and a customer on a new clock
// with a custom payment method attached (Stripe's third-party-processor guide).
'use strict';
const assert = require('node:assert/strict');
const { stripe } = require('./loopback-handler');

const JAN31 = Date.UTC(2027, 0, 31) / 1000;
const HOUR = 3600;
const DAY = 86400;

// The anchor (Jan 31) plus k months, clamped to the month's last day as Stripe bills.
function monthsAfterJan31(k) {
  const year = 2027 + Math.floor(k / 12);
  const month = k % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(31, last)) / 1000;
}

// "Advance the clock" and poll until it is ready.
async function advance(clockId, frozenTime) {
  let clock = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
  assert.equal(clock.status, 'advancing');
  assert.equal(clock.status_details.advancing.target_frozen_time, frozenTime);
  const deadline = Date.now() + 30000;
  while (clock.status === 'advancing' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    clock = await stripe.testHelpers.testClocks.retrieve(clockId);
  }
  assert.equal(clock.status, 'ready');
  assert.equal(clock.frozen_time, frozenTime);
  return clock;
}

// A monthly $25.00 price.
async function monthlyPrice() {
  const product = await stripe.products.create({ name: 'Gold plan' });
  return stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' } });
}

// A new clock at Jan 31, a customer on it and a custom payment method attached to the customer.
async function customerOnClock(email) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN31, name: email });
  const customer = await stripe.customers.create({ email, test_clock: clock.id });
  assert.equal(customer.test_clock, clock.id);
  const pm = await stripe.paymentMethods.create({ type: 'custom', custom: { type: 'cpmt_clock_kit' } });
  await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  return { clock, customer, pm };
}

// The processor's payment reported on a new payment record: guaranteed (paid), or pending until an outcome is reported.
function reportPayment(customer, pm, amount, guaranteed) {
  const now = Math.floor(Date.now() / 1000);
  return stripe.paymentRecords.reportPayment({
    amount_requested: { value: amount, currency: 'usd' }, payment_method_details: { payment_method: pm.id },
    customer_details: { customer: customer.id }, initiated_at: now, customer_presence: 'off_session',
    ...(guaranteed ? { outcome: 'guaranteed', guaranteed: { guaranteed_at: now } } : {}),
  });
}

// Pays an invoice: a guaranteed record for its amount due, attached to it.
async function payInvoice(invoice, customer, pm) {
  const record = await reportPayment(customer, pm, invoice.amount_due, true);
  return stripe.invoices.attachPayment(invoice.id, { payment_record: record.id });
}

module.exports = { JAN31, HOUR, DAY, monthsAfterJan31, advance, monthlyPrice, customerOnClock, reportPayment, payInvoice };
