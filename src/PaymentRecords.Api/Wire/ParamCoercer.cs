using System.Globalization;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Wire.Spec;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// Checks a decoded form against an operation's declared parameters and converts it to typed JSON
/// (strings, longs, booleans, decimals, objects, arrays). An accepted <c>""</c> stays the string <c>""</c>: the
/// handler reads it as "unset". The first problem found raises Stripe's parameter error for it.
/// </summary>
public static class ParamCoercer
{
    public const int MaxMetadataKeys = 50;
    public const int MaxMetadataKeyLength = 40;
    public const int MaxMetadataValueLength = 500;

    public static JsonObject Coerce(FormObject form, IReadOnlyList<ParamSpec> parameters)
    {
        var result = CoerceObject(form, parameters, prefix: null);
        return result;
    }

    private static JsonObject CoerceObject(FormObject form, IReadOnlyList<ParamSpec> properties, string? prefix)
    {
        var output = new JsonObject();
        foreach (var (key, node) in form.Entries)
        {
            var name = prefix is null ? key : $"{prefix}[{key}]";
            var spec = Find(properties, key) ?? throw new StripeException(ErrorCatalog.UnknownParameter(name));
            output[key] = CoerceValue(node, spec, name);
        }
        foreach (var spec in properties)
        {
            if (spec.Required && !output.ContainsKey(spec.Name))
            {
                var name = prefix is null ? spec.Name : $"{prefix}[{spec.Name}]";
                throw new StripeException(ErrorCatalog.MissingParameter(name));
            }
        }
        return output;
    }

    private static ParamSpec? Find(IReadOnlyList<ParamSpec> properties, string key)
    {
        foreach (var p in properties)
        {
            if (p.Name == key) return p;
        }
        return null;
    }

    private static JsonNode? CoerceValue(FormNode node, ParamSpec spec, string name)
    {
        if (node is FormValue { Value.Length: 0 })
        {
            if (spec.AllowEmpty) return JsonValue.Create("");
            throw new StripeException(ErrorCatalog.EmptyString(name));
        }

        return spec.Kind switch
        {
            ParamKind.String => CoerceString(node, spec, name),
            ParamKind.Integer => CoerceInteger(node, spec, name),
            ParamKind.Boolean => ParseBoolean(Scalar(node, name, spec), name),
            ParamKind.Number => ParseNumber(Scalar(node, name, spec), name),
            ParamKind.Object => CoerceObjectValue(node, spec, name),
            ParamKind.Array => CoerceArray(node, spec, name),
            ParamKind.Map => CoerceMap(node, spec, name),
            _ => throw new InvalidOperationException($"Unhandled kind {spec.Kind}"),
        };
    }

    private static JsonNode CoerceString(FormNode node, ParamSpec spec, string name)
    {
        var value = Scalar(node, name, spec);
        if (spec.Enum is { Count: > 0 } allowed && !allowed.Contains(value))
            throw new StripeException(IsPaymentMethodType(name)
                ? ErrorCatalog.InvalidPaymentMethodType(name, value, allowed)
                : ErrorCatalog.InvalidEnum(name, allowed));
        return JsonValue.Create(value);
    }

    /// <summary>An integer, or one of the strings in <see cref="ParamSpec.Enum"/> (a timestamp or <c>now</c>, …).</summary>
    private static JsonNode CoerceInteger(FormNode node, ParamSpec spec, string name)
    {
        var value = Scalar(node, name, spec);
        if (spec.Enum is { Count: > 0 } allowed && allowed.Contains(value)) return JsonValue.Create(value);
        return ParseInteger(value, name);
    }

    /// <summary>A refused payment method type is named in the error (<c>payment_settings[payment_method_types][0]</c>).</summary>
    private static bool IsPaymentMethodType(string name) =>
        name.StartsWith("payment_settings[payment_method_types][", StringComparison.Ordinal);

    private static string Scalar(FormNode node, string name, ParamSpec spec) => node switch
    {
        FormValue v => v.Value,
        _ => throw new StripeException(spec.Kind switch
        {
            ParamKind.String => ErrorCatalog.InvalidString(name),
            ParamKind.Boolean => ErrorCatalog.InvalidBoolean(name, "(object)"),
            ParamKind.Number => ErrorCatalog.InvalidNumber(name, "(object)"),
            _ => ErrorCatalog.InvalidInteger(name, "(object)"),
        }),
    };

    public static JsonNode ParseInteger(string value, string name)
    {
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return JsonValue.Create(n);
        throw new StripeException(ErrorCatalog.InvalidInteger(name, value));
    }

    /// <summary>Case-insensitive: SDKs that format with bool.ToString() send True/False, which Stripe's v1 API accepts.</summary>
    private static JsonNode ParseBoolean(string value, string name)
    {
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(true);
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(false);
        throw new StripeException(ErrorCatalog.InvalidBoolean(name, value));
    }

    private static JsonNode ParseNumber(string value, string name)
    {
        if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        throw new StripeException(ErrorCatalog.InvalidNumber(name, value));
    }

    private static JsonNode CoerceObjectValue(FormNode node, ParamSpec spec, string name)
    {
        if (node is FormValue v)
        {
            if (spec.AlsoInteger) return ParseInteger(v.Value, name);
            throw new StripeException(ErrorCatalog.InvalidHash(name));
        }
        if (node is not FormObject obj) throw new StripeException(ErrorCatalog.InvalidHash(name));
        return CoerceObject(obj, spec.Properties ?? [], name);
    }

    private static JsonArray CoerceArray(FormNode node, ParamSpec spec, string name)
    {
        var items = node switch
        {
            FormList list => list.Items.Select((item, i) => (item, i)).ToList(),
            FormObject obj => IndexedItems(obj, name),
            _ => throw new StripeException(ErrorCatalog.InvalidArray(name)),
        };
        var itemSpec = spec.Items ?? new ParamSpec("item", ParamKind.String);
        var output = new JsonArray();
        foreach (var (item, i) in items)
        {
            output.Add(CoerceValue(item, itemSpec with { AllowEmpty = itemSpec.AllowEmpty }, $"{name}[{i}]"));
        }
        return output;
    }

    /// <summary><c>a[0]=x&amp;a[1]=y</c> (what Stripe.net and stripe-node send) read as a list, in index order.</summary>
    private static List<(FormNode, int)> IndexedItems(FormObject obj, string name)
    {
        var indexed = new List<(int Index, FormNode Node)>();
        foreach (var (key, value) in obj.Entries)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                throw new StripeException(ErrorCatalog.InvalidArray(name));
            indexed.Add((index, value));
        }
        return indexed.OrderBy(x => x.Index).Select((x, i) => (x.Node, i)).ToList();
    }

    private static JsonObject CoerceMap(FormNode node, ParamSpec spec, string name)
    {
        if (node is not FormObject obj) throw new StripeException(ErrorCatalog.InvalidHash(name));
        // A map of objects (currency_options: a currency → its amounts) takes each value by its own spec.
        if (spec.Values is { Kind: ParamKind.Object } objects)
        {
            var entries = new JsonObject();
            foreach (var (key, value) in obj.Entries) entries[key] = CoerceValue(value, objects, $"{name}[{key}]");
            return entries;
        }
        if (obj.Entries.Count > MaxMetadataKeys)
            throw new StripeException(ErrorCatalog.Make("metadata_too_many_keys", name));
        var output = new JsonObject();
        foreach (var (key, value) in obj.Entries)
        {
            var entryName = $"{name}[{key}]";
            if (key.Length > MaxMetadataKeyLength)
                throw new StripeException(ErrorCatalog.Make("metadata_key_too_long", entryName));
            if (value is not FormValue scalar) throw new StripeException(ErrorCatalog.InvalidString(entryName));
            if (scalar.Value.Length > MaxMetadataValueLength)
                throw new StripeException(ErrorCatalog.Make("metadata_value_too_long", entryName));
            output[key] = scalar.Value;
        }
        return output;
    }
}
