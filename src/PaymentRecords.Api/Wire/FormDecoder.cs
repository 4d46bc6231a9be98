using System.Text;

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
            yield return new(Unescape(key), Unescape(value));
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Form decoding as Rack does it: <c>+</c> is a space, <c>%XX</c> a byte, and the bytes must be UTF-8. A lone or
    /// malformed <c>%</c> (<c>%zz</c>, <c>%4</c>) or bytes that are not UTF-8 (<c>%FF</c>) are refused, not kept literally.
    /// </summary>
    internal static string Unescape(string s)
    {
        if (s.IndexOfAny(['%', '+']) < 0) return s;
        var bytes = new List<byte>(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%')
            {
                if (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2]))
                    throw new StripeException(ErrorCatalog.InvalidFormEncoding(Excerpt(s)));
                bytes.Add((byte)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out var consumed);
                i += consumed - 1;
                var n = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++) bytes.Add(utf8[k]);
            }
        }
        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new StripeException(ErrorCatalog.InvalidFormEncoding(Excerpt(s)));
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static string Excerpt(string s) => s.Length > 100 ? s[..100] + "…" : s;

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
            // Rack refuses a key given first as a value and then as a hash or list ("expected Hash (got String)").
            if (child is FormValue) throw new StripeException(ErrorCatalog.InvalidParameterName(fullKey));
            if (child is null)
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
