using System.Text.Json.Nodes;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// Typed read access to coerced parameters. "Present" means the caller sent the key; <see cref="IsUnset"/> is an
/// accepted empty string (Stripe's way of clearing a field).
/// </summary>
public sealed class StripeParams(JsonObject values)
{
    public JsonObject Values { get; } = values;

    public bool Has(string name) => Values.ContainsKey(name);

    public bool IsUnset(string name) => Values[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0;

    public string? String(string name) => Values[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public long? Long(string name) => Values[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    public bool? Bool(string name) => Values[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public JsonObject? Object(string name) => Values[name] as JsonObject;

    public JsonArray? Array(string name) => Values[name] as JsonArray;

    public StripeParams? Nested(string name) => Object(name) is { } o ? new StripeParams(o) : null;

    public IEnumerable<string> Strings(string name) =>
        Array(name)?.Select(n => n!.GetValue<string>()) ?? [];

    /// <summary>The metadata update as key → value ("" removes), or null when not sent.</summary>
    public IEnumerable<KeyValuePair<string, string>>? MetadataUpdate(string name = "metadata") =>
        Object(name)?.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!.GetValue<string>()));
}
