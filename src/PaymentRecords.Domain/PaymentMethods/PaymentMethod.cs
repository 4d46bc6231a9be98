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
}
