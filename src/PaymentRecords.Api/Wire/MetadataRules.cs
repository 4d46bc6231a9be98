namespace PaymentRecords.Api.Wire;

/// <summary>Merges a metadata update and enforces the 50-key limit on the result.</summary>
public static class MetadataRules
{
    public static Dictionary<string, string> MergeChecked(IReadOnlyDictionary<string, string> current, IEnumerable<KeyValuePair<string, string>> update)
    {
        var merged = Domain.Common.Metadata.Merge(current, update);
        if (merged.Count > ParamCoercer.MaxMetadataKeys)
            throw new StripeException(ErrorCatalog.Make("metadata_too_many_keys", "metadata"));
        return merged;
    }
}
