namespace PaymentRecords.Domain.Common;

/// <summary>Stripe's metadata update rule: keys merge, an empty value removes its key.</summary>
public static class Metadata
{
    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> current, IEnumerable<KeyValuePair<string, string>> update)
    {
        var merged = new Dictionary<string, string>(current);
        foreach (var (key, value) in update)
        {
            if (value.Length == 0) merged.Remove(key);
            else merged[key] = value;
        }
        return merged;
    }
}
