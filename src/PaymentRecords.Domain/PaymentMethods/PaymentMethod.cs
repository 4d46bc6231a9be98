using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.PaymentMethods;

/// <summary>
/// A PaymentMethod (<c>pm_</c>). Only <c>type=custom</c> is held here: a payment method of a Dashboard-made custom
/// payment method type (<c>cpmt_</c>), used to report payments processed outside Stripe. billing_details and the
/// custom type's display fields live in <see cref="Attributes"/>.
/// </summary>
public sealed class PaymentMethod : IAccountScoped
{
    public const string Custom = "custom";
    public const string CustomTypePrefix = "cpmt_";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string Type { get; init; }
    public string? CustomType { get; init; }
    public string? CustomerId { get; set; }
    /// <summary>Detached once: Stripe does not let a detached PaymentMethod be attached or used again.</summary>
    public bool Consumed { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary>A well-formed custom payment method type id: cpmt_ and 1–250 letters, digits or underscores.</summary>
    public static bool IsWellFormedCustomType(string id) =>
        id.StartsWith(CustomTypePrefix, StringComparison.Ordinal) && id.Length > CustomTypePrefix.Length && id.Length <= 255
        && id.Skip(CustomTypePrefix.Length).All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// Attaches it to <paramref name="customerId"/> (attached to that customer already: nothing changes, as Stripe
    /// answers); a refusal when it was detached once or belongs to another customer.
    /// </summary>
    public PaymentMethodRefusal? AttachTo(string customerId)
    {
        if (Consumed) return PaymentMethodRefusal.Consumed;
        if (CustomerId is not null && CustomerId != customerId) return PaymentMethodRefusal.AlreadyAttached;
        CustomerId = customerId;
        return null;
    }

    /// <summary>Detaches it from its customer, for good (<see cref="Consumed"/>).</summary>
    public PaymentMethodRefusal? Detach()
    {
        if (CustomerId is null) return PaymentMethodRefusal.NotAttached;
        CustomerId = null;
        Consumed = true;
        return null;
    }

    /// <summary>Whether an update may change it: Stripe updates only a PaymentMethod attached to a customer.</summary>
    public PaymentMethodRefusal? CheckUpdatable() => CustomerId is null ? PaymentMethodRefusal.NotSaved : null;

    /// <summary>
    /// <c>billing_details</c> after an update: an empty string removes its key; <c>address</c> merges key by key; any
    /// other key is replaced.
    /// </summary>
    public void MergeBillingDetails(JsonObject update)
    {
        var merged = Attributes["billing_details"]?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var (key, value) in update)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0) merged.Remove(key);
            else if (key == "address" && value is JsonObject address)
            {
                var merging = merged["address"] as JsonObject ?? new JsonObject();
                foreach (var (k, part) in address) merging[k] = part?.DeepClone();
                merged["address"] = merging.DeepClone();
            }
            else merged[key] = value?.DeepClone();
        }
        Attributes["billing_details"] = merged;
    }
}

/// <summary>Why a payment method's attach, detach or update was refused (Stripe's error codes in brackets).</summary>
public enum PaymentMethodRefusal
{
    /// <summary>Detached once: it cannot be attached again (<c>payment_method_consumed</c>).</summary>
    Consumed,
    /// <summary>Attached to another customer (<c>payment_method_already_attached</c>).</summary>
    AlreadyAttached,
    /// <summary>Detach of one attached to no customer (<c>payment_method_not_attached</c>).</summary>
    NotAttached,
    /// <summary>Update of one attached to no customer: "A PaymentMethod must be attached to a customer to be updated."</summary>
    NotSaved,
}
