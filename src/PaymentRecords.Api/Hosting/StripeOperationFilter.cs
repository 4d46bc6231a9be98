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
public sealed class StripeOperationFilter : IOperationFilter
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var route = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<StripeRoute>().FirstOrDefault();
        if (route is null) return;
        operation.Summary = $"{route.Method} {route.Pattern}";
        operation.Description = $"Stripe operation; answers with a `{route.ResponseObjectType}`{(route.IsList ? " list" : "")}. Authenticate with Bearer `sk_test_…` (any test key is its own account).";
        operation.Parameters ??= new List<IOpenApiParameter>();
        foreach (var name in PathParameters(route.Pattern))
        {
            if (operation.Parameters.Any(p => p.Name == name)) continue;
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        }
        var leaves = route.Operation.Parameters.SelectMany(p => Flatten(p, p.Name, p.Required)).ToList();
        if (route.Method == "GET")
        {
            foreach (var leaf in leaves)
                operation.Parameters.Add(new OpenApiParameter { Name = leaf.Name, In = ParameterLocation.Query, Required = leaf.Required, Schema = leaf.Schema });
            return;
        }
        if (route.Method == "DELETE" || leaves.Count == 0) return;
        var body = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(), Required = new HashSet<string>() };
        foreach (var leaf in leaves)
        {
            body.Properties[leaf.Name] = leaf.Schema;
            if (leaf.Required) body.Required.Add(leaf.Name);
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = body.Required.Count > 0,
            Content = new Dictionary<string, OpenApiMediaType> { [FormContentType] = new() { Schema = body } },
        };
    }

    private static IEnumerable<string> PathParameters(string pattern) =>
        pattern.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));

    private sealed record Leaf(string Name, bool Required, OpenApiSchema Schema);

    private static IEnumerable<Leaf> Flatten(ParamSpec spec, string name, bool required)
    {
        switch (spec.Kind)
        {
            case ParamKind.Object when spec.Properties is { Count: > 0 } props && !spec.AlsoInteger:
                foreach (var p in props)
                    foreach (var leaf in Flatten(p, $"{name}[{p.Name}]", required && p.Required)) yield return leaf;
                break;
            case ParamKind.Object when spec.AlsoInteger:
                yield return new Leaf(name, required, Scalar(JsonSchemaType.Integer, spec, "Unix time; or use " + name + "[gt|gte|lt|lte]"));
                foreach (var op in new[] { "gt", "gte", "lt", "lte" })
                    yield return new Leaf($"{name}[{op}]", false, Scalar(JsonSchemaType.Integer, spec));
                break;
            case ParamKind.Array when spec.Items is { Kind: ParamKind.Object } item:
                foreach (var leaf in Flatten(item, $"{name}[0]", required)) yield return leaf;
                break;
            case ParamKind.Array:
                yield return new Leaf($"{name}[]", required, new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = Scalar(Type(spec.Items?.Kind ?? ParamKind.String), spec.Items ?? spec),
                });
                break;
            case ParamKind.Map:
                yield return new Leaf($"{name}[key]", required, Scalar(JsonSchemaType.String, spec, "A map: send one " + name + "[<key>]=<value> per entry."));
                break;
            default:
                yield return new Leaf(name, required, Scalar(Type(spec.Kind), spec));
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

    private static OpenApiSchema Scalar(JsonSchemaType type, ParamSpec spec, string? description = null)
    {
        // An integer that also takes a few strings (a timestamp or "now", up_to or "inf") is integer | string.
        if (type == JsonSchemaType.Integer && spec.Enum is { Count: > 0 }) type |= JsonSchemaType.String;
        var schema = new OpenApiSchema { Type = type, Description = description };
        if (spec.Enum is { Count: > 0 } values)
            schema.Enum = values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v)!).ToList();
        if (spec.AllowEmpty) schema.Description = (schema.Description is null ? "" : schema.Description + " ") + "\"\" unsets it.";
        return schema;
    }
}
