using System.Net;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// Turns <c>application/x-www-form-urlencoded</c> text into a nested tree the way Stripe (Rack) does:
/// <c>a[b][c]=v</c> nests, <c>a[0][b]=v</c> keys by index, <c>a[]=v</c> appends, and <c>a[][b]=v</c> fills the
/// last appended object until one of its keys repeats. Query and body are decoded into one tree because Stripe
/// reads parameters from both, whatever the method.
/// </summary>
public static class FormDecoder
{
    public static IEnumerable<KeyValuePair<string, string>> ParsePairs(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded)) yield break;
        var text = encoded[0] == '?' ? encoded[1..] : encoded;
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            yield return new(Decode(key), Decode(value));
        }
    }

    private static string Decode(string s) => WebUtility.UrlDecode(s);

    /// <summary>Adds pairs to <paramref name="root"/>; a malformed key raises a Stripe error naming it.</summary>
    public static void Assemble(FormObject root, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        foreach (var (key, value) in pairs)
        {
            var segments = SplitKey(key);
            if (segments is null) throw new StripeException(ErrorCatalog.InvalidParameterName(key));
            Insert(root, segments, 0, value, key);
        }
    }

    public static FormObject Decode(params string?[] encodedParts)
    {
        var root = new FormObject();
        foreach (var part in encodedParts) Assemble(root, ParsePairs(part));
        return root;
    }

    /// <summary><c>a[b][]</c> → ["a","b",""]; null when the brackets do not balance.</summary>
    internal static List<string>? SplitKey(string key)
    {
        var open = key.IndexOf('[');
        if (open < 0) return key.Length == 0 ? null : [key];
        if (open == 0) return null;
        var segments = new List<string> { key[..open] };
        var i = open;
        while (i < key.Length)
        {
            if (key[i] != '[') return null;
            var close = key.IndexOf(']', i);
            if (close < 0) return null;
            segments.Add(key[(i + 1)..close]);
            i = close + 1;
        }
        return segments;
    }

    private static void Insert(FormNode container, List<string> segments, int index, string value, string fullKey)
    {
        var segment = segments[index];
        var last = index == segments.Count - 1;
        if (container is FormObject obj)
        {
            if (segment.Length == 0) throw new StripeException(ErrorCatalog.InvalidParameterName(fullKey));
            if (last)
            {
                obj.Set(segment, new FormValue(value));
                return;
            }
            var child = obj.Get(segment);
            var wantList = segments[index + 1].Length == 0;
            if (child is null || child is FormValue)
            {
                child = wantList ? new FormList() : new FormObject();
                obj.Set(segment, child);
            }
            else if (wantList != child is FormList)
            {
                throw new StripeException(ErrorCatalog.InvalidParameterName(fullKey));
            }
            Insert(child, segments, index + 1, value, fullKey);
            return;
        }

        var list = (FormList)container;
        // segment is "" here: an append.
        if (last)
        {
            list.Items.Add(new FormValue(value));
            return;
        }
        var nextKey = segments[index + 1];
        if (nextKey.Length == 0) throw new StripeException(ErrorCatalog.InvalidParameterName(fullKey));
        // Rack's rule: keep filling the last object until the key about to be set is already there.
        if (list.Items.Count > 0 && list.Items[^1] is FormObject current && !ContainsPath(current, segments, index + 1))
        {
            Insert(current, segments, index + 1, value, fullKey);
            return;
        }
        var fresh = new FormObject();
        list.Items.Add(fresh);
        Insert(fresh, segments, index + 1, value, fullKey);
    }

    private static bool ContainsPath(FormObject obj, List<string> segments, int index)
    {
        var child = obj.Get(segments[index]);
        if (child is null) return false;
        if (index == segments.Count - 1) return true;
        return child is FormObject nested && segments[index + 1].Length > 0 && ContainsPath(nested, segments, index + 1);
    }
}
