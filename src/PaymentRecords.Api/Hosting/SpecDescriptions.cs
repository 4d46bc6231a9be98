using System.Text.Json;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// Stripe's own text for Swagger: the description of each operation and of each request parameter, nested
/// fields included, as <c>spec/spec3.subset.json</c> carries it (embedded into this assembly). Read once, on the
/// first Swagger document generation, and kept as a small tree; the JSON itself is not kept.
/// </summary>
/// <remarks>The spec has no operation summaries, only descriptions; nothing is made up in their place.</remarks>
public sealed class SpecDescriptions
{
    /// <summary>The logical name the Api csproj gives the embedded spec.</summary>
    public const string ResourceName = "PaymentRecords.Api.spec3.subset.json";

    private static readonly Lazy<SpecDescriptions> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<(string Method, string Path), SpecOperationText> _operations;

    private SpecDescriptions(Dictionary<(string Method, string Path), SpecOperationText> operations) => _operations = operations;

    /// <summary>The descriptions of the spec embedded into this assembly, loaded on first use.</summary>
    public static SpecDescriptions Shared => Embedded.Value;

    public int OperationCount => _operations.Count;

    /// <summary>The operation as the spec writes it (<paramref name="method"/> any case, path template as in the spec).</summary>
    public SpecOperationText? Operation(string method, string path) =>
        _operations.GetValueOrDefault((method.ToUpperInvariant(), path));

    private static SpecDescriptions LoadEmbedded()
    {
        using var stream = typeof(SpecDescriptions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(SpecDescriptions).Assembly.GetName().Name}.");
        return Load(stream);
    }

    /// <summary>Reads an OpenAPI 3.0 document such as <c>spec/spec3.subset.json</c>.</summary>
    public static SpecDescriptions Load(Stream openApiJson)
    {
        using var document = JsonDocument.Parse(openApiJson);
        var operations = new Dictionary<(string, string), SpecOperationText>();
        if (!document.RootElement.TryGetProperty("paths", out var paths)) return new SpecDescriptions(operations);
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Value.ValueKind != JsonValueKind.Object) continue;
                var op = method.Value;
                var parameters = new Dictionary<string, SpecField>(StringComparer.Ordinal);
                if (op.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in list.EnumerateArray())
                    {
                        if (Text(p, "in") is not ("query" or "path") || Text(p, "name") is not { } name) continue;
                        parameters[name] = Field(p.TryGetProperty("schema", out var s) ? s : default, Text(p, "description"));
                    }
                }
                if (op.TryGetProperty("requestBody", out var body)
                    && body.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/x-www-form-urlencoded", out var form)
                    && form.TryGetProperty("schema", out var bodySchema)
                    && bodySchema.TryGetProperty("properties", out var properties))
                {
                    foreach (var p in properties.EnumerateObject()) parameters[p.Name] = Field(p.Value, null);
                }
                operations[(method.Name.ToUpperInvariant(), path.Name)] =
                    new SpecOperationText(Text(op, "operationId"), Text(op, "description"), parameters);
            }
        }
        return new SpecDescriptions(operations);
    }

    /// <summary>
    /// One schema, its unions (<c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>, e.g. <c>X | ""</c> or
    /// <c>range | integer</c>) merged: the first branch with properties, items or additionalProperties gives them.
    /// </summary>
    private static SpecField Field(JsonElement schema, string? outerDescription)
    {
        var description = outerDescription ?? (schema.ValueKind == JsonValueKind.Object ? Text(schema, "description") : null);
        Dictionary<string, SpecField>? properties = null;
        SpecField? items = null, values = null;
        foreach (var branch in Branches(schema))
        {
            if (properties is null && branch.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            {
                properties = new Dictionary<string, SpecField>(StringComparer.Ordinal);
                foreach (var p in props.EnumerateObject()) properties[p.Name] = Field(p.Value, null);
            }
            if (items is null && branch.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Object)
                items = Field(i, null);
            if (values is null && branch.TryGetProperty("additionalProperties", out var v) && v.ValueKind == JsonValueKind.Object)
                values = Field(v, null);
        }
        return new SpecField(description, properties, items, values);
    }

    private static IEnumerable<JsonElement> Branches(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object) yield break;
        yield return schema;
        foreach (var union in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (!schema.TryGetProperty(union, out var branches) || branches.ValueKind != JsonValueKind.Array) continue;
            foreach (var branch in branches.EnumerateArray())
                foreach (var nested in Branches(branch)) yield return nested;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}

/// <summary>One operation's <c>operationId</c>, description and parameters (query parameters and form-body properties).</summary>
public sealed record SpecOperationText(string? OperationId, string? Description, IReadOnlyDictionary<string, SpecField> Parameters)
{
    public SpecField? Parameter(string name) => Parameters.GetValueOrDefault(name);
}

/// <summary>A parameter or nested field: its description and those of its sub-fields, array items and map values.</summary>
public sealed record SpecField(
    string? Description,
    IReadOnlyDictionary<string, SpecField>? Properties,
    SpecField? Items,
    SpecField? Values)
{
    public SpecField? Property(string name) => Properties?.GetValueOrDefault(name);
}
