namespace PaymentRecords.Api.Wire.Spec;

/// <summary>The shape of one request parameter, as spec/spec3.subset.json declares it.</summary>
public enum ParamKind
{
    String,
    Integer,
    Boolean,
    /// <summary>A decimal number (only a few fields such as percentages).</summary>
    Number,
    /// <summary>A nested object with known <see cref="ParamSpec.Properties"/>.</summary>
    Object,
    /// <summary>A list of <see cref="ParamSpec.Items"/>; sent as <c>a[0]=…</c> or <c>a[]=…</c>.</summary>
    Array,
    /// <summary>A free-form map (metadata): any key, values as <see cref="ParamSpec.Values"/>.</summary>
    Map,
}

/// <summary>
/// One parameter of an operation. Unions in the spec are folded in: <c>X | ""</c> sets <see cref="AllowEmpty"/>;
/// <c>range{gt,gte,lt,lte} | integer</c> is an <see cref="ParamKind.Object"/> with <see cref="AlsoInteger"/>;
/// <c>integer | "now"</c> (any strings) is an <see cref="ParamKind.Integer"/> whose <see cref="Enum"/> lists those strings.
/// </summary>
/// <remarks>
/// The tables in <see cref="StripeOperations"/> are generated from the spec by <c>scripts/generate-params.py</c>.
/// There, the <see cref="Items"/> of an array and the <see cref="Values"/> of a map have an empty
/// <see cref="Name"/>, and a nullable value (metadata values) has <see cref="AllowEmpty"/> set.
/// </remarks>
public sealed record ParamSpec(
    string Name,
    ParamKind Kind,
    bool Required = false,
    bool AllowEmpty = false,
    IReadOnlyList<string>? Enum = null,
    IReadOnlyList<ParamSpec>? Properties = null,
    ParamSpec? Items = null,
    ParamSpec? Values = null,
    bool AlsoInteger = false);

/// <summary>One operation of the spec: its parameters (path parameters excluded) and response schema.</summary>
/// <remarks>
/// <see cref="Method"/> is upper case; <see cref="Path"/> is the template as the spec writes it
/// (<c>/v1/customers/{customer}</c>). GET and DELETE parameters are the query parameters; POST parameters are
/// the properties of the form-encoded body.
/// </remarks>
public sealed record OperationSpec(string Method, string Path, IReadOnlyList<ParamSpec> Parameters);
