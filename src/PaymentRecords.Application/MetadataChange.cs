using PaymentRecords.Domain.Common;

namespace PaymentRecords.Application;

/// <summary>
/// A <c>metadata</c> parameter as a command carries it: <see cref="Clear"/> (Stripe's <c>metadata=""</c>) or keys to
/// set (an empty value removes its key).
/// </summary>
public sealed record MetadataChange(bool Clear, IReadOnlyList<KeyValuePair<string, string>> Update)
{
    /// <summary>Stripe's limit on an object's keys (one request's update is checked while decoding; this checks the merge).</summary>
    public const int MaxKeys = 50;

    /// <summary>The metadata after this change; <see cref="MetadataLimitExceeded"/> past <see cref="MaxKeys"/>.</summary>
    public Dictionary<string, string> ApplyTo(IReadOnlyDictionary<string, string> current)
    {
        if (Clear) return [];
        var merged = Metadata.Merge(current, Update);
        if (merged.Count > MaxKeys) throw new MetadataLimitExceeded();
        return merged;
    }

    /// <summary>The metadata of a new object: the change applied to nothing (none given: empty).</summary>
    public static Dictionary<string, string> New(MetadataChange? change) => change?.ApplyTo(new Dictionary<string, string>()) ?? [];
}

/// <summary>A metadata change would leave an object with more than <see cref="MetadataChange.MaxKeys"/> keys.</summary>
public sealed class MetadataLimitExceeded() : Exception($"more than {MetadataChange.MaxKeys} metadata keys");

/// <summary>A field a command may set or clear: null = leave it as it is; <c>new(null)</c> = clear it.</summary>
public sealed record FieldChange<T>(T? Value);
