using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Meters;

/// <summary>
/// A billing alert (<c>alrt_</c>, <c>object: "billing.alert"</c>) of type <c>usage_threshold</c>: it fires
/// <c>billing.alert.triggered</c> once per customer (<c>recurrence: one_time</c>) when that customer's usage on
/// <see cref="MeterId"/> reaches <see cref="Gte"/>; <see cref="CustomerId"/> set (Stripe's one customer filter) limits it
/// to that customer. Its status moves only through <see cref="Activate"/>, <see cref="Deactivate"/> and
/// <see cref="Archive"/>; an archived alert stays archived ("non-reversible"). Who it fired for is
/// <see cref="BillingAlertTrigger"/>.
/// </summary>
public sealed class BillingAlert : IAccountScoped
{
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string Archived = "archived";
    public const string UsageThreshold = "usage_threshold";
    public const string OneTime = "one_time";

    /// <summary>"You can create a maximum of 25 alerts for each combination of a specific meter and customer."</summary>
    public const int MaxPerMeterAndCustomer = 25;

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string Title { get; init; }
    public string AlertType { get; init; } = UsageThreshold;
    public required string MeterId { get; init; }
    /// <summary>The usage at which the alert fires (<c>usage_threshold.gte</c>), at least 1.</summary>
    public long Gte { get; init; }
    public string Recurrence { get; init; } = OneTime;
    /// <summary>The customer of its one filter (<c>usage_threshold.filters[0].customer</c>); null: any customer.</summary>
    public string? CustomerId { get; init; }
    public string Status { get; private set; } = Active;

    public static BillingAlert New(string accountId, string title, string meterId, long gte, string? customerId, long now) => new()
    {
        AccountId = accountId,
        Id = Ids.New(Ids.BillingAlert),
        Created = now,
        Title = title,
        MeterId = meterId,
        Gte = gte >= 1 ? gte : throw new ArgumentOutOfRangeException(nameof(gte), gte, "an alert's threshold is at least 1"),
        CustomerId = customerId,
    };

    /// <summary>The alert watches <paramref name="customerId"/>'s usage (it is active and its filter, if any, names that customer).</summary>
    public bool Watches(string customerId) => Status == Active && (CustomerId is null || CustomerId == customerId);

    /// <summary>inactive → active; false when it already was active. An archived alert cannot be activated.</summary>
    public bool Activate() => Move(Active);

    /// <summary>active → inactive; false when it already was inactive. An archived alert cannot be deactivated.</summary>
    public bool Deactivate() => Move(Inactive);

    /// <summary>active or inactive → archived, for good; false when it already was archived.</summary>
    public bool Archive()
    {
        if (Status == Archived) return false;
        Status = Archived;
        return true;
    }

    private bool Move(string status)
    {
        // The use case refuses it first (a 400); this guards every other caller.
        if (Status == Archived) throw new InvalidOperationException($"alert {Id} is archived");
        if (Status == status) return false;
        Status = status;
        return true;
    }
}

/// <summary>
/// A <c>one_time</c> alert fired for a customer: at most one per (alert, customer), the table's key, so it never fires
/// twice for one customer. <see cref="Value"/> is the usage that reached the threshold.
/// </summary>
public sealed class BillingAlertTrigger
{
    public required string AccountId { get; init; }
    public required string AlertId { get; init; }
    public required string CustomerId { get; init; }
    public long Value { get; init; }
    public long Created { get; init; }
}
