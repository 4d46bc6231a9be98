using PaymentRecords.Application.PaymentMethods;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.TestClocks;

namespace PaymentRecords.Application.Customers;

/// <param name="CustomerId">The new customer's id (made by the caller).</param>
/// <param name="Fields">What it is created with; no <see cref="CustomerFieldsChange.InvoicePrefix"/>: a random one.</param>
/// <param name="TestClock">The test clock it joins (found by the caller), if any: it is created at the clock's frozen time.</param>
/// <param name="PaymentMethodId">Stripe's <c>payment_method</c>: attached to the new customer.</param>
public sealed record CreateCustomerCommand(string CustomerId, CustomerFieldsChange Fields, TestClock? TestClock = null, string? PaymentMethodId = null);

/// <summary>
/// POST /v1/customers. A create of one row: it reads nothing and never flushes, so the route stays one round trip
/// (<c>MapStripe(..., singleTrip: true)</c>, docs/architecture.md "Round trips of a write") unless a
/// <c>payment_method</c> is attached (<see cref="AttachPaymentMethod"/> locks it). Its
/// <c>invoice_settings[default_payment_method]</c> can only be that payment method. It names no customer to bill (the
/// clocks would look the new one up): <c>created</c> is its test clock's frozen time, else the account's time.
/// On a test clock, the clock is locked and refused once it holds <see cref="TestClock.MaxCustomers"/> customers.
/// Events: <c>payment_method.attached</c> (with a payment method), <c>customer.created</c>.
/// </summary>
public sealed class CreateCustomer(BillingContext billing)
{
    public async Task<Customer> RunAsync(CreateCustomerCommand command)
    {
        // A clock holds at most three customers; its lock (the lock order: clock first) makes the count hold.
        if (command.TestClock is { } clock)
        {
            _ = await billing.TestClocks.LockAsync(clock.Id) ?? throw new NotFound("test_clock", clock.Id, "test_clock");
            if ((await billing.TestClocks.LiveCustomerIdsAsync(clock.Id)).Count >= TestClock.MaxCustomers)
                throw new TestClocks.TestClockRefused(TestClocks.TestClockRefusal.TooManyCustomers, TestClock.MaxCustomers, clock.Id);
        }
        if (command.PaymentMethodId is { } attach)
            await new AttachPaymentMethod(billing).RunAsync(attach, command.CustomerId, customerParam: null, consumedParam: "payment_method");
        // No other payment method is attached to a customer not created yet: the check refuses it (404 or not attached).
        if (command.Fields.DefaultPaymentMethodId is { } defaultId && defaultId != command.PaymentMethodId)
            await CustomerFields.RequireDefaultPaymentMethodAsync(billing, command.Fields, command.CustomerId);
        var customer = new Customer
        {
            AccountId = billing.AccountId,
            Id = command.CustomerId,
            Created = command.TestClock?.FrozenTime ?? billing.Now,
            TestClockId = command.TestClock?.Id,
            InvoicePrefix = command.Fields.InvoicePrefix ?? Customer.NewInvoicePrefix(),
        };
        CustomerFields.Apply(customer, command.Fields with { Balance = null });
        billing.Customers.Add(customer);
        // A starting balance is the ledger's first entry, "initial" ("The starting value of the customer's credit balance");
        // recorded against Stripe, a nonzero balance stamps the account's default currency on a customer without one.
        if (command.Fields.Balance is { } balance and not 0)
            billing.Invoices.Book(customer.MoveBalance(balance, Domain.Money.Currencies.AccountDefault, CustomerBalanceTransaction.Initial, null, null, customer.Created));
        await billing.Events.CustomerAsync(BillingOutcome.CustomerCreated, customer);
        return customer;
    }
}
