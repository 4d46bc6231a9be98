using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.TestClocks;

namespace PaymentRecords.Application.Customers;

/// <param name="CustomerId">The new customer's id (made by the caller, which may attach a payment method to it first).</param>
/// <param name="Fields">What it is created with; no <see cref="CustomerFieldsChange.InvoicePrefix"/>: a random one.</param>
/// <param name="TestClock">The test clock it joins (found by the caller), if any: it is created at the clock's frozen time.</param>
public sealed record CreateCustomerCommand(string CustomerId, CustomerFieldsChange Fields, TestClock? TestClock = null);

/// <summary>
/// POST /v1/customers. A create of one row: it reads nothing and never flushes, so the route stays one round trip
/// (<c>MapStripe(..., singleTrip: true)</c>, docs/architecture.md "Round trips of a write"). It names no customer to
/// bill (the clocks would look the new one up): <c>created</c> is its test clock's frozen time, else the account's time.
/// Events: <c>customer.created</c>.
/// </summary>
public sealed class CreateCustomer(BillingContext billing)
{
    public async Task<Customer> RunAsync(CreateCustomerCommand command)
    {
        var customer = new Customer
        {
            AccountId = billing.AccountId,
            Id = command.CustomerId,
            Created = command.TestClock?.FrozenTime ?? billing.Now,
            TestClockId = command.TestClock?.Id,
            InvoicePrefix = command.Fields.InvoicePrefix ?? Customer.NewInvoicePrefix(),
        };
        CustomerFields.Apply(customer, command.Fields);
        billing.Customers.Add(customer);
        await billing.Events.CustomerAsync(BillingOutcome.CustomerCreated, customer);
        return customer;
    }
}
