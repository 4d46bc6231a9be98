using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

public sealed record DeleteCustomerCommand(string CustomerId);

/// <summary>
/// DELETE /v1/customers/{id}. The customer (live) is locked and marked deleted (its invoices keep naming it; it
/// answers 404 from then on, and expands to Stripe's deleted stub).
/// Events: <c>customer.deleted</c> (the customer as it was).
/// </summary>
public sealed class DeleteCustomer(BillingContext billing)
{
    public async Task<Customer> RunAsync(DeleteCustomerCommand command)
    {
        var customer = await billing.Customers.LockLiveAsync(command.CustomerId) ?? throw new NotFound("customer", command.CustomerId);
        billing.BillFor(customer.Id);
        await billing.Events.CustomerAsync(BillingOutcome.CustomerDeleted, customer);
        customer.Delete();
        return customer;
    }
}
