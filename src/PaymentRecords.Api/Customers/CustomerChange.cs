using System.Text.Json.Nodes;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Api.Customers;

/// <summary>
/// A customer (locked and tracked by the caller) watched across a change another resource makes to it — an
/// invoice's finalize (number sequence, currency, balance applied) or void (balance returned), an overpayment, a
/// credit note's credit — so that the change gets its <c>customer.updated</c> event, with exactly the old values
/// of the changed keys, in the same transaction. Nothing is emitted when nothing changed, nor for a deleted customer.
/// </summary>
public sealed class CustomerChange
{
    private readonly Customer? _customer;
    private readonly JsonObject? _before;

    private CustomerChange(Customer? customer)
    {
        _customer = customer;
        _before = customer is null || customer.Deleted ? null : CustomerRenderer.Render(customer);
    }

    /// <summary>Renders <paramref name="customer"/> as it is now (null: nothing to watch).</summary>
    public static CustomerChange Watch(Customer? customer) => new(customer);

    /// <summary>Queues <c>customer.updated</c> when the customer changed since <see cref="Watch"/>.</summary>
    public void EmitIfChanged(RequestScope s)
    {
        if (Changed() is { } change) EventWriter.Emit(s, "customer.updated", change.After, change.Previous);
    }

    /// <summary>The customer as it is now and the old values of its changed keys; null when nothing changed (or it is deleted).</summary>
    public (JsonObject After, JsonObject Previous)? Changed()
    {
        if (_customer is null || _before is null || _customer.Deleted) return null;
        var after = CustomerRenderer.Render(_customer);
        var previous = EventWriter.PreviousAttributes(_before, after);
        return previous.Count > 0 ? (after, previous) : null;
    }
}
