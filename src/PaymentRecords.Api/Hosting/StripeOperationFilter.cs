using Microsoft.OpenApi;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire.Spec;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// Documents each Stripe route from its declared parameters: GET filters as query parameters, POST bodies as
/// <c>application/x-www-form-urlencoded</c> with Stripe's bracketed names flattened (<c>address[city]</c>,
/// <c>expand[]</c>, <c>lines[0][amount]</c>), so Swagger UI sends exactly what an SDK sends.
/// </summary>
/// <remarks>
/// <para>Texts: the operation and every field carry Stripe's description from the spec
/// (<see cref="SpecDescriptions"/>); a nested field gets its leaf's description from the spec's nested schema.
/// Operations the spec lacks (<see cref="SupplementaryOperations"/>) say so instead.</para>
/// <para>Form fields start empty: every body field has an empty example (<c>""</c>, <c>[]</c> for arrays, <c>""</c>
/// for an array's items), because Swagger UI otherwise prefills each field with a sample value (<c>string</c>,
/// <c>0</c>, <c>true</c>, the first enum value) and sends it. With <see cref="SwaggerSetup.OmitEmptyFieldsPlugin"/>
/// Swagger UI then leaves the fields still empty out of the request: what is sent is what was filled in.</para>
/// </remarks>
public sealed class StripeOperationFilter : IOperationFilter
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    private readonly Func<SpecDescriptions> _descriptions;

    /// <summary>Descriptions from the spec embedded in this assembly, loaded on the first document generation.</summary>
    public StripeOperationFilter() : this(() => SpecDescriptions.Shared)
    {
    }

    public StripeOperationFilter(Func<SpecDescriptions> descriptions) => _descriptions = descriptions;

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var route = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<StripeRoute>().FirstOrDefault();
        if (route is null) return;
        var text = _descriptions().Operation(route.Operation.Method, route.Operation.Path);
        operation.OperationId = text?.OperationId ?? OperationId(route.Operation.Method, route.Operation.Path);
        operation.Summary = null;
        operation.Description = text?.Description
            ?? $"Not in the Stripe spec subset (`spec/spec3.subset.json`): declared by hand (SupplementaryOperations). Answers with a `{route.ResponseObjectType}`{(route.IsList ? " list" : "")}.";
        operation.Parameters ??= new List<IOpenApiParameter>();
        foreach (var name in PathParameters(route.Pattern))
        {
            if (operation.Parameters.Any(p => p.Name == name)) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = text?.Parameter(name)?.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        var leaves = route.Operation.Parameters.SelectMany(p => Flatten(p, text?.Parameter(p.Name), p.Name, p.Required)).ToList();
        if (route.Method == "GET")
        {
            foreach (var leaf in leaves)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = leaf.Name,
                    In = ParameterLocation.Query,
                    Required = leaf.Required,
                    Description = leaf.Schema.Description,
                    Schema = leaf.Schema,
                });
                leaf.Schema.Description = null;
            }
            return;
        }
        if (route.Method == "DELETE" || leaves.Count == 0) return;
        var body = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(), Required = new HashSet<string>() };
        foreach (var leaf in leaves)
        {
            StartEmpty(leaf.Schema);
            body.Properties[leaf.Name] = leaf.Schema;
            if (leaf.Required) body.Required.Add(leaf.Name);
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = body.Required.Count > 0,
            Content = new Dictionary<string, OpenApiMediaType> { [FormContentType] = new() { Schema = body } },
        };
    }

    /// <summary>An empty example, so Swagger UI's form field starts empty instead of with a sample value.</summary>
    private static void StartEmpty(OpenApiSchema schema)
    {
        if (schema.Type == JsonSchemaType.Array)
        {
            // An empty JsonArray would be dropped by Microsoft.OpenApi's writer (it skips empty collections), and
            // Swagger UI would then start the list with one item (sent as expand[]=). A JsonValue holding [] is
            // written as "example": [] all the same.
            schema.Example = System.Text.Json.Nodes.JsonValue.Create(Array.Empty<string>(),
                (System.Text.Json.Serialization.Metadata.JsonTypeInfo<string[]>)System.Text.Json.JsonSerializerOptions.Default.GetTypeInfo(typeof(string[])));
            if (schema.Items is OpenApiSchema items) items.Example = System.Text.Json.Nodes.JsonValue.Create("");
        }
        else
        {
            schema.Example = System.Text.Json.Nodes.JsonValue.Create("");
        }
    }

    /// <summary>Stripe's operationId convention, for operations the spec lacks: <c>GET /v1/a_b/{c}</c> -> <c>GetABC</c>.</summary>
    internal static string OperationId(string method, string path) =>
        string.Concat(new[] { method.ToLowerInvariant() }
            .Concat(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).SelectMany(s => s.Trim('{', '}').Split('_')))
            .Where(w => w.Length > 0)
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static IEnumerable<string> PathParameters(string pattern) =>
        pattern.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));

    private sealed record Leaf(string Name, bool Required, OpenApiSchema Schema);

    /// <summary>One form field per leaf of <paramref name="spec"/>; <paramref name="text"/> is the same field in the spec.</summary>
    private static IEnumerable<Leaf> Flatten(ParamSpec spec, SpecField? text, string name, bool required)
    {
        switch (spec.Kind)
        {
            case ParamKind.Object when spec.Properties is { Count: > 0 } props && !spec.AlsoInteger:
                foreach (var p in props)
                    foreach (var leaf in Flatten(p, text?.Property(p.Name), $"{name}[{p.Name}]", required && p.Required)) yield return leaf;
                break;
            case ParamKind.Object when spec.AlsoInteger:
                yield return new Leaf(name, required, Scalar(JsonSchemaType.Integer, spec, text?.Description ?? "Unix time; or use " + name + "[gt|gte|lt|lte]"));
                foreach (var op in new[] { "gt", "gte", "lt", "lte" })
                    yield return new Leaf($"{name}[{op}]", false, Scalar(JsonSchemaType.Integer, spec, text?.Property(op)?.Description));
                break;
            case ParamKind.Array when spec.Items is { Kind: ParamKind.Object } item:
                foreach (var leaf in Flatten(item, text?.Items, $"{name}[0]", required)) yield return leaf;
                break;
            case ParamKind.Array:
                yield return new Leaf($"{name}[]", required, new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = text?.Description ?? text?.Items?.Description,
                    Items = Scalar(Type(spec.Items?.Kind ?? ParamKind.String), spec.Items ?? spec, null, withHints: false),
                });
                break;
            case ParamKind.Map:
                yield return new Leaf($"{name}[key]", required, Scalar(JsonSchemaType.String, spec, text?.Description ?? "A map: send one " + name + "[<key>]=<value> per entry."));
                break;
            default:
                yield return new Leaf(name, required, Scalar(Type(spec.Kind), spec, text?.Description));
                break;
        }
    }

    private static JsonSchemaType Type(ParamKind kind) => kind switch
    {
        ParamKind.Integer => JsonSchemaType.Integer,
        ParamKind.Boolean => JsonSchemaType.Boolean,
        ParamKind.Number => JsonSchemaType.Number,
        _ => JsonSchemaType.String,
    };

    /// <summary>A scalar field; where the spec has no text for it, a hint of ours says how empty values unset it.</summary>
    private static OpenApiSchema Scalar(JsonSchemaType type, ParamSpec spec, string? description, bool withHints = true)
    {
        // An integer that also takes a few strings (a timestamp or "now", up_to or "inf") is integer | string.
        if (type == JsonSchemaType.Integer && spec.Enum is { Count: > 0 }) type |= JsonSchemaType.String;
        var schema = new OpenApiSchema { Type = type, Description = description };
        if (spec.Enum is { Count: > 0 } values)
            schema.Enum = values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v)!).ToList();
        if (withHints && description is null && spec.AllowEmpty) schema.Description = "\"\" unsets it.";
        return schema;
    }
}
