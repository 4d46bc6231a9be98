using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PaymentRecords.Persistence.Configurations;

/// <summary>jsonb columns for metadata maps and echoed attributes, with comparers so in-place edits are saved.</summary>
internal static class JsonColumns
{
    public static PropertyBuilder<Dictionary<string, string>> IsMetadataJson(this PropertyBuilder<Dictionary<string, string>> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            s => JsonSerializer.Deserialize<Dictionary<string, string>>(s, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>(),
            new ValueComparer<Dictionary<string, string>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key.GetHashCode(), kv.Value.GetHashCode())),
                v => new Dictionary<string, string>(v)));

    /// <summary>
    /// Plain <c>json</c>, not jsonb: jsonb reorders keys, and echoed objects must come back in the order Stripe
    /// sends them. Nothing queries inside these columns. The change tracker's snapshot is a <c>DeepClone</c>, not a
    /// serialization parsed again: of an object read from the database and not touched yet, that is a new node over
    /// the same immutable parsed document.
    /// </summary>
    public static PropertyBuilder<JsonObject> IsJsonObject(this PropertyBuilder<JsonObject> property) =>
        property.HasColumnType("json").HasConversion(
            v => v.ToJsonString((JsonSerializerOptions?)null),
            s => JsonNode.Parse(s, null, default)!.AsObject(),
            new ValueComparer<JsonObject>(
                (a, b) => JsonNode.DeepEquals(a, b),
                v => v.ToJsonString((JsonSerializerOptions?)null).GetHashCode(),
                v => v.DeepClone().AsObject()));

    /// <summary>
    /// <see cref="IsJsonObject"/> for an object that is never changed once its row is made (an event's <c>data</c>):
    /// compared by reference, and its snapshot is itself. A deep clone per tracked row (an invoice event's data is the
    /// whole invoice) and a deep comparison per change detection would buy nothing.
    /// </summary>
    public static PropertyBuilder<JsonObject> IsUnchangingJsonObject(this PropertyBuilder<JsonObject> property) =>
        property.HasColumnType("json").HasConversion(
            v => v.ToJsonString((JsonSerializerOptions?)null),
            s => JsonNode.Parse(s, null, default)!.AsObject(),
            new ValueComparer<JsonObject>(
                (a, b) => ReferenceEquals(a, b),
                v => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(v),
                v => v));
}
