using System.Text.Json.Nodes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application;

/// <summary>
/// Where use cases say what happened. The implementation renders the object as it stands at that moment (Stripe's
/// <c>data.object</c>), once per state, and queues the event in the unit of work, so it commits with the change.
/// </summary>
public interface IBillingEvents
{
    /// <summary>Queues <paramref name="type"/> about <paramref name="invoice"/> as it stands now.</summary>
    Task InvoiceAsync(string type, Invoice invoice, Customer? customer);

    /// <summary>Watches <paramref name="customer"/> (locked) across a change another resource makes to it.</summary>
    ICustomerWatch WatchCustomer(Customer customer);

    /// <summary>The customer's details an invoice freezes at finalize (the <c>customer_*</c> fields).</summary>
    JsonObject CustomerSnapshot(Customer customer);
}

/// <summary>A customer watched by <see cref="IBillingEvents.WatchCustomer"/>.</summary>
public interface ICustomerWatch
{
    /// <summary>Queues <c>customer.updated</c> (old values of the changed keys) when the customer changed since the watch began.</summary>
    void EmitIfChanged();
}
