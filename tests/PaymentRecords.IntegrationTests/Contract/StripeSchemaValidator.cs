using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>
/// Validates response objects against the OpenAPI 3.0 component schemas of the Stripe spec, by turning them into
/// one JSON Schema 2020-12 document (every component under <c>$defs</c>) that JsonSchema.Net evaluates.
/// </summary>
/// <remarks>
/// The wire rule (see shared/stripe-openapi/SOURCE.md): Stripe always sends a top-level property marked
/// <c>nullable</c>, as <c>null</c> when empty, so for the object being validated such properties are required,
/// except the ones sent only when expanded (<see cref="ExpandOnlyProperties"/>). Nested objects keep the spec's
/// own <c>required</c> lists. Extra top-level properties that the schema does not list are reported too (the spec
/// omits <c>additionalProperties</c>, so the schema itself would accept them).
/// </remarks>
public sealed class StripeSchemaValidator
{
    private const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";
    private const string OpenApiRefPrefix = "#/components/schemas/";
    private const string BaseUri = "https://paymentrecords.test/contract/stripe-openapi/";
    private static readonly Uri RootUri = new(BaseUri + "components.json");

    /// <summary>
    /// Properties that Stripe sends only when expanded (or included), per component: never added to
    /// <c>required</c> even when nullable.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> ExpandOnlyProperties =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
        {
            ["customer"] = new HashSet<string>(StringComparer.Ordinal) { "cash_balance", "sources", "subscriptions", "tax_ids" },
            ["invoice"] = new HashSet<string>(StringComparer.Ordinal) { "confirmation_secret", "payments" },
        };

    /// <summary>Keywords that exist only in OpenAPI 3.0 and are dropped (besides every <c>x-*</c> extension).</summary>
    private static readonly HashSet<string> OpenApiOnlyKeywords = new(StringComparer.Ordinal)
    {
        "nullable", "discriminator", "example", "xml", "externalDocs",
    };

    /// <summary>Keywords whose value is a map of name to schema.</summary>
    private static readonly HashSet<string> SchemaMapKeywords = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
    };

    /// <summary>Keywords whose value is a single schema.</summary>
    private static readonly HashSet<string> SchemaKeywords = new(StringComparer.Ordinal)
    {
        "items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
        "unevaluatedProperties", "unevaluatedItems",
    };

    /// <summary>Keywords whose value is an array of schemas.</summary>
    private static readonly HashSet<string> SchemaArrayKeywords = new(StringComparer.Ordinal)
    {
        "allOf", "anyOf", "oneOf", "prefixItems",
    };

    private static readonly Lazy<StripeSchemaValidator> LazyShared =
        new(() => new StripeSchemaValidator(StripeSpec.Schemas), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly JsonObject _components;
    private readonly BuildOptions _buildOptions;
    private readonly Lock _buildLock = new();
    private readonly ConcurrentDictionary<string, Lazy<JsonSchema>> _topSchemas = new(StringComparer.Ordinal);

    /// <summary>The validator over <see cref="StripeSpec"/> (built once, on first use).</summary>
    public static StripeSchemaValidator Shared => LazyShared.Value;

    /// <param name="componentSchemas">The spec's <c>components.schemas</c> (not modified).</param>
    public StripeSchemaValidator(JsonObject componentSchemas)
    {
        ArgumentNullException.ThrowIfNull(componentSchemas);
        _components = componentSchemas;
        _buildOptions = new BuildOptions { SchemaRegistry = new SchemaRegistry() };

        var root = new JsonObject
        {
            ["$schema"] = SchemaDialect,
            ["$id"] = RootUri.ToString(),
            ["$defs"] = new JsonObject(componentSchemas.Select(kv =>
                KeyValuePair.Create(kv.Key, (JsonNode?)ConvertSchema(kv.Value)))),
        };
        JsonSchema.Build(JsonSerializer.SerializeToElement(root), _buildOptions, RootUri);
    }

    /// <summary>Names of every component schema in the spec.</summary>
    public IEnumerable<string> ComponentNames => _components.Select(kv => kv.Key);

    /// <summary>
    /// Top-level properties a response of <paramref name="componentName"/> must carry: the spec's
    /// <c>required</c> plus every nullable property except the expand-only ones.
    /// </summary>
    public IReadOnlyList<string> WireRequiredProperties(string componentName)
    {
        var schema = GetComponent(componentName);
        var required = new List<string>();
        if (schema["required"] is JsonArray specRequired)
        {
            required.AddRange(specRequired.Select(r => r!.GetValue<string>()));
        }

        required.AddRange(NullableTopLevelProperties(componentName, schema).Where(p => !required.Contains(p)));
        return required;
    }

    /// <summary>
    /// Validates <paramref name="instance"/> as a top-level <paramref name="componentName"/> object.
    /// Returns human-readable violations (instance path: message); empty when the instance is valid.
    /// </summary>
    public IReadOnlyList<string> Validate(string componentName, JsonNode? instance)
    {
        var component = GetComponent(componentName);
        var schema = _topSchemas.GetOrAdd(
            componentName,
            name => new Lazy<JsonSchema>(() => BuildTopSchema(name, component), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        var element = instance is null
            ? JsonSerializer.SerializeToElement<object?>(null)
            : JsonSerializer.SerializeToElement(instance);
        var results = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

        var violations = new List<string>();
        if (!results.IsValid)
        {
            violations.AddRange(CollectErrors(results).Select(v => v.ToString()));
            if (violations.Count == 0)
            {
                violations.Add($"(root): does not match the {componentName} schema (no detail given by the validator)");
            }
        }

        violations.AddRange(UnknownTopLevelProperties(componentName, component, instance));
        return violations.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Converts one OpenAPI 3.0 schema object into a JSON Schema 2020-12 one whose <c>$ref</c>s point into the
    /// <c>$defs</c> of the root document built by this class.
    /// </summary>
    internal static JsonNode? ConvertSchema(JsonNode? openApi)
    {
        if (openApi is not JsonObject source)
        {
            return openApi?.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (key.StartsWith("x-", StringComparison.Ordinal) || OpenApiOnlyKeywords.Contains(key))
            {
                continue;
            }

            if (key == "$ref" && value is JsonValue refValue && refValue.TryGetValue(out string? reference))
            {
                result[key] = RewriteRef(reference);
            }
            else if (SchemaMapKeywords.Contains(key) && value is JsonObject map)
            {
                result[key] = new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ConvertSchema(kv.Value))));
            }
            else if (SchemaKeywords.Contains(key))
            {
                result[key] = ConvertSchema(value);
            }
            else if (SchemaArrayKeywords.Contains(key) && value is JsonArray array)
            {
                result[key] = new JsonArray(array.Select(ConvertSchema).ToArray());
            }
            else
            {
                result[key] = value?.DeepClone();
            }
        }

        ConvertExclusiveBound(result, "exclusiveMinimum", "minimum");
        ConvertExclusiveBound(result, "exclusiveMaximum", "maximum");

        var nullable = source["nullable"] is JsonValue n && n.TryGetValue(out bool isNullable) && isNullable;
        return nullable ? AllowNull(result) : result;
    }

    private static JsonObject AllowNull(JsonObject schema)
    {
        if (schema["type"] is JsonValue typeValue && typeValue.TryGetValue(out string? type))
        {
            schema["type"] = new JsonArray(type, "null");
            if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
            {
                values.Add(null);
            }

            return schema;
        }

        if (schema["type"] is JsonArray types)
        {
            if (!types.Any(t => t?.GetValue<string>() == "null"))
            {
                types.Add("null");
            }

            if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
            {
                values.Add(null);
            }

            return schema;
        }

        // anyOf alone (what the spec does for nullable expandables): add a null branch.
        if (schema["anyOf"] is JsonArray anyOf && schema.All(kv => kv.Key is "anyOf" or "description" or "title"))
        {
            anyOf.Add(new JsonObject { ["type"] = "null" });
            return schema;
        }

        // Anything else ($ref, allOf, oneOf, untyped): wrap it.
        return new JsonObject
        {
            ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }),
        };
    }

    /// <summary>OpenAPI 3.0 (draft 4 style) boolean exclusive bounds become 2020-12 numeric ones.</summary>
    private static void ConvertExclusiveBound(JsonObject schema, string exclusiveKeyword, string boundKeyword)
    {
        if (schema[exclusiveKeyword] is JsonValue flag && flag.TryGetValue(out bool exclusive))
        {
            schema.Remove(exclusiveKeyword);
            if (exclusive && schema[boundKeyword] is { } bound)
            {
                schema.Remove(boundKeyword);
                schema[exclusiveKeyword] = bound;
            }
        }
    }

    private static string RewriteRef(string reference)
    {
        if (!reference.StartsWith(OpenApiRefPrefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Unsupported $ref '{reference}': only {OpenApiRefPrefix}* is handled.");
        }

        var name = reference[OpenApiRefPrefix.Length..];
        return RootUri + "#/$defs/" + EscapePointerSegment(name);
    }

    private static string EscapePointerSegment(string name) =>
        Uri.EscapeDataString(name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));

    /// <summary>Whether the spec has a component schema named <paramref name="componentName"/>.</summary>
    public bool HasComponent(string componentName) => _components[componentName] is JsonObject;

    private JsonObject GetComponent(string componentName) =>
        _components[componentName] as JsonObject
        ?? throw new ArgumentException(
            $"The spec has no component schema '{componentName}'.", nameof(componentName));

    private JsonSchema BuildTopSchema(string componentName, JsonObject component)
    {
        var nullableRequired = NullableTopLevelProperties(componentName, component).ToList();
        var top = new JsonObject
        {
            ["$schema"] = SchemaDialect,
            ["$id"] = BaseUri + "top/" + Uri.EscapeDataString(componentName) + ".json",
            ["$ref"] = RootUri + "#/$defs/" + EscapePointerSegment(componentName),
        };
        if (nullableRequired.Count > 0)
        {
            top["required"] = new JsonArray(nullableRequired.Select(p => (JsonNode?)p).ToArray());
        }

        var id = new Uri(top["$id"]!.GetValue<string>());
        lock (_buildLock)
        {
            return JsonSchema.Build(JsonSerializer.SerializeToElement(top), _buildOptions, id);
        }
    }

    private static IEnumerable<string> NullableTopLevelProperties(string componentName, JsonObject component)
    {
        if (component["properties"] is not JsonObject properties)
        {
            yield break;
        }

        ExpandOnlyProperties.TryGetValue(componentName, out var expandOnly);
        foreach (var (name, property) in properties)
        {
            if (property is JsonObject p
                && p["nullable"] is JsonValue v && v.TryGetValue(out bool nullable) && nullable
                && (expandOnly is null || !expandOnly.Contains(name)))
            {
                yield return name;
            }
        }
    }

    private static IEnumerable<string> UnknownTopLevelProperties(string componentName, JsonObject component, JsonNode? instance)
    {
        // Only when the spec leaves additionalProperties out: with false the schema reports extras itself, and
        // with a schema or true the spec allows them.
        if (instance is not JsonObject obj || component.ContainsKey("additionalProperties")
            || component["properties"] is not JsonObject properties)
        {
            yield break;
        }

        foreach (var (name, _) in obj)
        {
            if (!properties.ContainsKey(name))
            {
                yield return $"/{name}: property '{name}' is not defined by the {componentName} schema";
            }
        }
    }

    private static readonly System.Text.RegularExpressions.Regex BranchPath =
        new(@"/(anyOf|oneOf)/\d+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private sealed record Violation(string Location, string Keyword, string Message, string EvaluationPath)
    {
        public override string ToString() =>
            $"{(Location.Length == 0 ? "(root)" : Location)}: {Message} [{Keyword} at {(EvaluationPath.Length == 0 ? "/" : EvaluationPath)}]";
    }

    /// <summary>
    /// Walks hierarchical output, descending only into failed nodes, so that failed branches of an
    /// <c>anyOf</c> that passed as a whole are not reported. Of a failed <c>anyOf</c>/<c>oneOf</c>, branches that
    /// failed only because the value's type differs (e.g. the id-string branch of an expanded object) are left out
    /// when another branch failed for a more specific reason.
    /// </summary>
    private static List<Violation> CollectErrors(EvaluationResults node)
    {
        var violations = new List<Violation>();
        if (node.IsValid)
        {
            return violations;
        }

        var location = node.InstanceLocation.ToString();
        if (node.Errors is not null)
        {
            violations.AddRange(node.Errors.Select(e => new Violation(location, e.Key, e.Value, node.EvaluationPath.ToString())));
        }

        if (node.Details is null)
        {
            return violations;
        }

        var branches = new List<(string Location, List<Violation> Errors)>();
        foreach (var detail in node.Details.Where(d => !d.IsValid))
        {
            var errors = CollectErrors(detail);
            if (BranchPath.IsMatch(detail.EvaluationPath.ToString()))
            {
                branches.Add((detail.InstanceLocation.ToString(), errors));
            }
            else
            {
                violations.AddRange(errors);
            }
        }

        static bool OnlyTypeMismatch((string Location, List<Violation> Errors) branch) =>
            branch.Errors.All(e => e.Keyword == "type" && e.Location == branch.Location);

        var specific = branches.Where(b => !OnlyTypeMismatch(b)).ToList();
        foreach (var branch in specific.Count > 0 ? specific : branches)
        {
            violations.AddRange(branch.Errors);
        }

        return violations;
    }
}
