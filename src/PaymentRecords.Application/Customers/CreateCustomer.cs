using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

/// <param name="CustomerId">The new customer's id (made by the caller, which may attach a payment method to it first).</param>
/// <param name="Fields">What it is created with; no <see cref="CustomerFieldsChange.InvoicePrefix"/>: a random one.</param>
public sealed record CreateCustomerCommand(string CustomerId, CustomerFieldsChange Fields);

/// <summary>
/// POST /v1/customers. A create of one row: it reads nothing and never flushes, so the route stays one round trip
/// (<c>MapStripe(..., singleTrip: true)</c>, docs/architecture.md "Round trips of a write"). It names no customer to
/// bill (the new one has no clock of its own yet): <c>created</c> is the account's time.
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
            Created = billing.Now,
            InvoicePrefix = command.Fields.InvoicePrefix ?? Customer.NewInvoicePrefix(),
        };
        CustomerFields.Apply(customer, command.Fields);
        billing.Customers.Add(customer);
        await billing.Events.CustomerAsync(BillingOutcome.CustomerCreated, customer);
        return customer;
    }
}
