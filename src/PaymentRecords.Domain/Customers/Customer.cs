using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Customers;

/// <summary>
/// A customer. Fields that rules read are columns; descriptive fields that are only stored and echoed back
/// (address, shipping, invoice_settings, preferred_locales, tax settings…) live in <see cref="Attributes"/>.
/// </summary>
public sealed class Customer : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Phone { get; set; }
    /// <summary>Minor units; negative is credit the customer holds, positive is owed.</summary>
    public long Balance { get; set; }
    public string? Currency { get; set; }
    public required string InvoicePrefix { get; set; }
    public long NextInvoiceSequence { get; set; } = 1;
    public bool Deleted { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary>Stripe's rule for a given prefix: 3–12 uppercase letters or digits.</summary>
    public static bool IsValidInvoicePrefix(string prefix) =>
        prefix.Length is >= 3 and <= 12 && prefix.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    public static string NewInvoicePrefix() => Ids.Random(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
}
