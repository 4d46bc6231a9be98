using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Meters;

/// <summary>
/// A billing meter (<c>mtr_</c>, <c>object: "billing.meter"</c>): which meter events it counts (<see cref="EventName"/>),
/// where in their payload the customer and the value are, and how a period's events aggregate (<see cref="Formula"/>).
/// Its status moves only through <see cref="Deactivate"/> and <see cref="Reactivate"/>; only an active meter accepts
/// events, and at most one active meter of an account has a given event name (a unique index).
/// </summary>
public sealed class Meter : IAccountScoped
{
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string DefaultCustomerKey = "stripe_customer_id";
    public const string DefaultValueKey = "value";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public long Updated { get; private set; }
    public required string DisplayName { get; set; }
    public required string EventName { get; init; }
    /// <summary><see cref="MeterFormula"/>: sum, count or last.</summary>
    public required string Formula { get; init; }
    public required string CustomerKey { get; init; }
    public required string ValueKey { get; init; }
    /// <summary>day, hour or null: the window the events were pre-aggregated for (informational here).</summary>
    public string? EventTimeWindow { get; init; }
    public string Status { get; private set; } = Active;
    public long? DeactivatedAt { get; private set; }

    public static Meter New(string accountId, string displayName, string eventName, string formula, string? customerKey, string? valueKey,
        string? eventTimeWindow, long now) => new()
    {
        AccountId = accountId,
        Id = Ids.New(Ids.Meter),
        Created = now,
        Updated = now,
        DisplayName = displayName,
        EventName = eventName,
        Formula = formula,
        CustomerKey = customerKey ?? DefaultCustomerKey,
        ValueKey = valueKey ?? DefaultValueKey,
        EventTimeWindow = eventTimeWindow,
    };

    public void Rename(string displayName, long now)
    {
        DisplayName = displayName;
        Updated = now;
    }

    /// <summary>active → inactive; false when it already was inactive (nothing changes).</summary>
    public bool Deactivate(long now)
    {
        if (Status == Inactive) return false;
        Status = Inactive;
        DeactivatedAt = now;
        Updated = now;
        return true;
    }

    /// <summary>inactive → active; false when it already was active (nothing changes).</summary>
    public bool Reactivate(long now)
    {
        if (Status == Active) return false;
        Status = Active;
        DeactivatedAt = null;
        Updated = now;
        return true;
    }
}
