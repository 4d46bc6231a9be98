using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PaymentRecords.IntegrationTests.Application;

/// <summary>
/// Makes two runs of the same story comparable: every object id becomes <c>&lt;id1&gt;</c>, <c>&lt;id2&gt;</c>… in the
/// order it first appears (so "the invoice the payment pays" still has to be the same invoice on both sides), every
/// timestamp (a number of 10^9 or more: the amounts here stay far below) becomes <c>&lt;time&gt;</c>, and the given
/// literals (a customer's random invoice prefix, which invoice numbers carry) become fixed names. A hosted invoice
/// link's token (<c>test_</c> and the base64url of "acct_…,in_…") becomes <c>&lt;token ids&gt;</c> of the ids it
/// encodes, normalized the same way. One normalizer per run.
/// </summary>
public sealed partial class StripeJsonNormalizer(params (string Literal, string Name)[] literals)
{
    private const long SmallestTimestamp = 1_000_000_000;
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <summary>
    /// Ids as <see cref="Domain.Common.Ids"/> makes them (a lowercase prefix, '_', 24 random characters), and account
    /// ids (<c>acct_</c> and 32 hex digits, in hosted invoice links).
    /// </summary>
    [GeneratedRegex("acct_[0-9a-f]{32}|[a-z]+_[0-9A-Za-z]{24}")]
    private static partial Regex IdPattern();

    /// <summary>A normalized copy of <paramref name="node"/>, without the keys named in <paramref name="dropKeys"/> (at any depth).</summary>
    public JsonNode? Normalize(JsonNode? node, params string[] dropKeys) => node switch
    {
        null => null,
        JsonObject obj => Object(obj, dropKeys),
        JsonArray array => new JsonArray(array.Select(item => Normalize(item, dropKeys)).ToArray()),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Text(text)),
        JsonValue value when value.TryGetValue<long>(out var number) && number >= SmallestTimestamp => JsonValue.Create("<time>"),
        _ => node.DeepClone(),
    };

    private JsonObject Object(JsonObject obj, string[] dropKeys)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (dropKeys.Contains(key)) continue;
            copy[key] = Normalize(value, dropKeys);
        }
        return copy;
    }

    /// <summary>A hosted invoice link's token (<c>HostedInvoiceLinks.Token</c>).</summary>
    [GeneratedRegex("/test_([A-Za-z0-9_-]+)")]
    private static partial Regex HostedTokenPattern();

    private string Text(string text)
    {
        foreach (var (literal, name) in literals) text = text.Replace(literal, name, StringComparison.Ordinal);
        text = HostedTokenPattern().Replace(text, m =>
            $"/<token {Ids(System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(m.Groups[1].ValueSpan)))}>");
        return Ids(text);
    }

    private string Ids(string text) => IdPattern().Replace(text, m =>
    {
        if (!_ids.TryGetValue(m.Value, out var name)) _ids[m.Value] = name = $"<id{_ids.Count + 1}>";
        return name;
    });
}
