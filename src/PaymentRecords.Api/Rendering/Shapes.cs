using System.Text.Json.Nodes;

namespace PaymentRecords.Api.Rendering;

/// <summary>Sub-objects that several resources share, always with every key present (null where unset).</summary>
public static class Shapes
{
    /// <summary>
    /// An empty set of properties that says it holds <paramref name="count"/>: <c>new JsonObject(room) { … }</c> sizes
    /// the object's dictionary for that many at once (JsonObject's constructor takes an <see cref="ICollection{T}"/>'s
    /// Count as its capacity) instead of regrowing it five times while an invoice's 73 properties are added: those
    /// regrowths were 38% of what a page of 100 invoices allocated. Made once per renderer and shared: it holds nothing.
    /// </summary>
    public static ICollection<KeyValuePair<string, JsonNode?>> Room(int count) => new EmptyRoom(count);

    private sealed class EmptyRoom(int count) : ICollection<KeyValuePair<string, JsonNode?>>
    {
        public int Count => count;
        public bool IsReadOnly => true;
        public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, JsonNode?>>().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public bool Contains(KeyValuePair<string, JsonNode?> item) => false;
        public void CopyTo(KeyValuePair<string, JsonNode?>[] array, int arrayIndex) { }
        public void Add(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();
        public void Clear() => throw new NotSupportedException();
        public bool Remove(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();
    }

    private static readonly string[] AddressKeys = ["city", "country", "line1", "line2", "postal_code", "state"];

    /// <summary>An address from a parameter object; null when absent or unset with "".</summary>
    public static JsonObject? Address(JsonNode? param)
    {
        if (param is not JsonObject given) return null;
        var address = new JsonObject();
        foreach (var key in AddressKeys) address[key] = given[key]?.DeepClone();
        return address;
    }

    /// <summary>
    /// An update's address: the keys given over the <paramref name="current"/> address (Stripe merges a nested object
    /// key by key, recorded for a customer's address); null when unset with "".
    /// </summary>
    public static JsonObject? MergeAddress(JsonNode? current, JsonNode? param)
    {
        if (param is not JsonObject given) return null;
        var address = Address(current) ?? Address(new JsonObject())!;
        foreach (var key in AddressKeys)
            if (given.ContainsKey(key)) address[key] = given[key]?.DeepClone();
        return address;
    }

    /// <summary>
    /// Customer/invoice shipping: {address, carrier, name, phone, tracking_number}. <paramref name="omitUnsetTracking"/>:
    /// a customer's shipping carries <c>carrier</c> and <c>tracking_number</c> only once set (recorded against Stripe,
    /// although the schema marks both nullable).
    /// </summary>
    public static JsonObject? Shipping(JsonNode? param, bool omitUnsetTracking = false)
    {
        if (param is not JsonObject given) return null;
        var shipping = new JsonObject
        {
            ["address"] = Address(given["address"]) ?? Address(new JsonObject()),
            ["carrier"] = given["carrier"]?.DeepClone(),
            ["name"] = given["name"]?.DeepClone(),
            ["phone"] = NullIfEmpty(given["phone"]),
            ["tracking_number"] = given["tracking_number"]?.DeepClone(),
        };
        if (omitUnsetTracking)
        {
            if (shipping["carrier"] is null) shipping.Remove("carrier");
            if (shipping["tracking_number"] is null) shipping.Remove("tracking_number");
        }
        return shipping;
    }

    public static JsonNode? NullIfEmpty(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0 ? null : node?.DeepClone();

    public static JsonObject Metadata(IReadOnlyDictionary<string, string> metadata) => TreeSink.Of(s => s.Metadata("metadata", metadata));
}
