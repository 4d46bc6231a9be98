using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Api.Billing;

/// <summary>How the wire's parameters become the parts of commands every resource shares.</summary>
public static class BillingParams
{
    /// <summary>A <c>metadata</c>-style parameter as a command carries it: <c>""</c> clears, keys set (an empty value removes its key), absent: null.</summary>
    public static MetadataChange? Metadata(StripeParams p, string name = "metadata") =>
        p.IsUnset(name) ? new MetadataChange(true, [])
        : p.MetadataUpdate(name) is { } update ? new MetadataChange(false, update.ToList()) : null;

    /// <summary>A currency as given ("USD" → "usd"), or Stripe's 400 on <paramref name="param"/> naming every supported one.</summary>
    public static string SupportedCurrency(string given, string param) =>
        Currencies.Normalize(given) ?? throw new StripeException(ErrorCatalog.InvalidCurrency(given, param, Currencies.InStripeOrder));
}

/// <summary>Metadata of the resources still written in the endpoint pattern (no use case): the merge and its limit, from <see cref="MetadataChange"/>.</summary>
public static class MetadataRules
{
    /// <summary>The metadata after <paramref name="update"/>; Stripe's <c>metadata_too_many_keys</c> past the limit.</summary>
    public static Dictionary<string, string> MergeChecked(IReadOnlyDictionary<string, string> current, IEnumerable<KeyValuePair<string, string>> update)
    {
        try
        {
            return new MetadataChange(false, update.ToList()).ApplyTo(current);
        }
        catch (MetadataLimitExceeded)
        {
            throw new StripeException(ApplicationErrors.MetadataTooManyKeys());
        }
    }
}
